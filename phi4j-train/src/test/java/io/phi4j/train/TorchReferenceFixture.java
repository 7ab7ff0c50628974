package io.phi4j.train;

import io.phi4j.format.safetensors.AtomicFile;
import io.phi4j.model.PhiConfig;
import io.phi4j.train.ckpt.ModelIO;
import io.phi4j.train.model.PhiParams;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * The model and batch behind {@code src/test/resources/torch-reference/}: a tiny Phi (hidden 64, 4 heads of 16
 * with 8 rotary dims, MLP 256, 2 layers, vocab 128) with spread-out random weights, saved by phi4j in Hugging
 * Face layout, and a fixed batch of 2 × 16 tokens. {@code tools/train-reference/make_torch_reference.py} loads
 * that checkpoint into transformers' {@code PhiForCausalLM} and records PyTorch's gradients and AdamW steps.
 * Run {@code main DIR} to regenerate the checkpoint and batch.
 */
public final class TorchReferenceFixture {
    static final PhiConfig CONFIG = new PhiConfig(128, 64, 256, 2, 4, 4, 8, 10000, 1e-5, 64, 0, 0);
    static final int BATCH = 2, SEQ = 16;
    static final double[] LRS = {1e-3, 2e-3, 3e-3};
    static final double BETA1 = 0.9, BETA2 = 0.95, EPS = 1e-8, WEIGHT_DECAY = 0.1, CLIP = 1.0;

    private TorchReferenceFixture() {
    }

    static PhiParams params() {
        return TinyModels.randomWeights(CONFIG, 2024);
    }

    static int[] tokens() {
        return TinyModels.randomTokens(BATCH * SEQ, CONFIG.vocabSize(), 31);
    }

    static int[] targets() {
        return TinyModels.randomTokens(BATCH * SEQ, CONFIG.vocabSize(), 32);
    }

    public static void main(String[] args) {
        Path dir = Path.of(args[0]);
        ModelIO.save(dir, params(), 0f, 0f, null);
        String json = "{\n  \"batch\": " + BATCH + ",\n  \"seq\": " + SEQ + ",\n  \"tokens\": " + list(tokens())
                + ",\n  \"targets\": " + list(targets()) + ",\n  \"adamw\": {\"lrs\": " + Arrays.toString(LRS)
                + ", \"betas\": [" + BETA1 + ", " + BETA2 + "], \"eps\": " + EPS + ", \"weight_decay\": " + WEIGHT_DECAY
                + ", \"clip\": " + CLIP + "}\n}\n";
        AtomicFile.writeString(dir.resolve("batch.json"), json);
    }

    private static String list(int[] a) {
        return Arrays.stream(a).mapToObj(Integer::toString).collect(Collectors.joining(", ", "[", "]"));
    }
}
