package io.phi4j.train;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.phi4j.format.hf.HfLayout;
import io.phi4j.format.hf.HfTensorNames;
import io.phi4j.format.safetensors.SafetensorsFile;
import io.phi4j.kernel.WorkerPool;
import io.phi4j.tensor.Tensor;
import io.phi4j.testing.Fixtures;
import io.phi4j.train.ckpt.ModelIO;
import io.phi4j.train.kernel.Sgemm;
import io.phi4j.train.kernel.TrainMatMul;
import io.phi4j.train.model.Param;
import io.phi4j.train.model.PhiParams;
import io.phi4j.train.model.PhiTrainModel;
import io.phi4j.train.optim.AdamW;
import io.phi4j.train.optim.GradClip;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Gradients and AdamW steps against PyTorch: transformers' {@code PhiForCausalLM}, loaded from the checkpoint
 * phi4j wrote ({@code src/test/resources/torch-reference}, made by {@link TorchReferenceFixture} and
 * {@code tools/train-reference/make_torch_reference.py}).
 */
class TorchParityTest {
    private static WorkerPool pool;
    private static Path dir;
    private static JsonNode reference;

    @BeforeAll
    static void start() throws IOException {
        pool = new WorkerPool(2);
        dir = Fixtures.resource("torch-reference");
        reference = JsonMapper.builder().build().readTree(dir.resolve("torch-reference.json").toFile());
    }

    @AfterAll
    static void stop() {
        pool.close();
    }

    @Test
    void committedCheckpointIsTheFixtureModel() {
        PhiParams committed = ModelIO.load(dir), generated = TorchReferenceFixture.params();
        assertThat(committed.config()).isEqualTo(generated.config());
        for (int i = 0; i < committed.all().size(); i++) {
            assertThat(committed.all().get(i).value()).as(committed.all().get(i).name()).isEqualTo(generated.all().get(i).value());
        }
    }

    @Test
    void everyParameterGradientMatchesPyTorchWithin1e4Relative() {
        PhiParams params = ModelIO.load(dir);
        PhiTrainModel model = new PhiTrainModel(params, TorchReferenceFixture.BATCH, TorchReferenceFixture.SEQ,
                new TrainMatMul(Sgemm.DEFAULT, pool));
        double loss = model.forward(TorchReferenceFixture.tokens(), TorchReferenceFixture.targets());
        assertThat(loss).isCloseTo(reference.get("loss_float64").asDouble(), org.assertj.core.data.Offset.offset(1e-6 * loss));
        params.zeroGrad();
        model.backward(1f);
        Map<String, Tensor> ours = params.toTensors(true, Param::grad);
        HfTensorNames names = HfTensorNames.forLayout(HfLayout.PHI, params.config().numLayers());
        try (Arena arena = Arena.ofConfined()) {
            SafetensorsFile torch = SafetensorsFile.open(dir.resolve("torch-grads.safetensors"), arena);
            assertThat(torch.names()).hasSize(ours.size());
            for (Map.Entry<String, Tensor> e : ours.entrySet()) {
                String hf = names.toHf(e.getKey());
                double rel = relativeError(e.getValue().toFloatArray(), torch.tensor(hf).toFloatArray());
                assertThat(rel).as("%s (%s) gradient, relative error", e.getKey(), hf).isLessThan(1e-4);
            }
        }
    }

    @Test
    void adamWStepsMatchTorchOptimAdamW() {
        PhiParams params = ModelIO.load(dir);
        PhiParams initial = ModelIO.load(dir);
        PhiTrainModel model = new PhiTrainModel(params, TorchReferenceFixture.BATCH, TorchReferenceFixture.SEQ,
                new TrainMatMul(Sgemm.DEFAULT, pool));
        AdamW opt = new AdamW(params.all(), TorchReferenceFixture.BETA1, TorchReferenceFixture.BETA2,
                TorchReferenceFixture.EPS, TorchReferenceFixture.WEIGHT_DECAY);
        for (int step = 0; step < TorchReferenceFixture.LRS.length; step++) {
            params.zeroGrad();
            double loss = model.forward(TorchReferenceFixture.tokens(), TorchReferenceFixture.targets());
            model.backward(1f);
            double norm = GradClip.clip(pool, params.all(), TorchReferenceFixture.CLIP);
            opt.update(pool, TorchReferenceFixture.LRS[step]);
            double torchLoss = reference.get("adamw_losses").get(step).asDouble();
            double torchNorm = reference.get("adamw_grad_norms").get(step).asDouble();
            assertThat(loss).as("loss before step %d", step + 1).isCloseTo(torchLoss, org.assertj.core.data.Offset.offset(2e-6 * torchLoss));
            assertThat(norm).as("gradient norm at step %d", step + 1).isCloseTo(torchNorm, org.assertj.core.data.Offset.offset(1e-5 * torchNorm));
        }
        Map<String, Tensor> ours = params.toTensors(true), before = initial.toTensors(true);
        HfTensorNames names = HfTensorNames.forLayout(HfLayout.PHI, params.config().numLayers());
        try (Arena arena = Arena.ofConfined()) {
            SafetensorsFile torch = SafetensorsFile.open(dir.resolve("torch-adamw.safetensors"), arena);
            for (Map.Entry<String, Tensor> e : ours.entrySet()) {
                float[] w0 = before.get(e.getKey()).toFloatArray(), a = e.getValue().toFloatArray();
                float[] b = torch.tensor(names.toHf(e.getKey())).toFloatArray();
                // compare what the three steps changed, not the weights (which would hide errors in the update)
                float[] da = new float[a.length], db = new float[a.length];
                boolean keyBias = e.getKey().endsWith("attn_k.bias");
                for (int i = 0; i < a.length; i++) {
                    // The key bias's dims past the rotary ones shift every score of a query by the same amount, which
                    // softmax ignores: their true gradient is 0, the computed one is rounding noise that Adam
                    // normalizes to ±lr in both implementations independently. Only the rotary dims are comparable.
                    if (keyBias && !isRotaryDim(i)) {
                        continue;
                    }
                    da[i] = a[i] - w0[i];
                    db[i] = b[i] - w0[i];
                }
                assertThat(relativeError(da, db)).as("%s: update after 3 AdamW steps, relative error", e.getKey()).isLessThan(1e-4);
            }
        }
    }

    static boolean isRotaryDim(int i) {
        return i % TorchReferenceFixture.CONFIG.headDim() < TorchReferenceFixture.CONFIG.ropeDims();
    }

    @Test
    void keyBiasGradientVanishesOutsideTheRotaryDims() {
        try (Arena arena = Arena.ofConfined()) {
            SafetensorsFile torch = SafetensorsFile.open(dir.resolve("torch-grads.safetensors"), arena);
            float[] g = torch.tensor("model.layers.0.self_attn.k_proj.bias").toFloatArray();
            double rotary = 0, rest = 0;
            for (int i = 0; i < g.length; i++) {
                if (isRotaryDim(i)) {
                    rotary = Math.max(rotary, Math.abs(g[i]));
                } else {
                    rest = Math.max(rest, Math.abs(g[i]));
                }
            }
            assertThat(rotary).isGreaterThan(1e-4);
            // zero up to rounding: transformers' eager attention runs its softmax in float32 even in a float64 model
            assertThat(rest).isLessThan(1e-4 * rotary);
        }
    }

    /** ‖a − b‖₂ / ‖b‖₂. */
    static double relativeError(float[] a, float[] b) {
        assertThat(a.length).isEqualTo(b.length);
        double num = 0, den = 0;
        for (int i = 0; i < a.length; i++) {
            num += ((double) a[i] - b[i]) * ((double) a[i] - b[i]);
            den += (double) b[i] * b[i];
        }
        assertThat(den).isGreaterThan(0);
        return Math.sqrt(num / den);
    }
}
