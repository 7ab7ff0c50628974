package io.phi4j.format.hf;

import io.phi4j.format.safetensors.PythonJson;
import io.phi4j.format.safetensors.SafetensorsWriter;
import io.phi4j.model.PhiConfig;
import io.phi4j.tensor.Tensor;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;

/** Small random Phi checkpoints for tests, including ones in the legacy layouts. */
final class TinyCheckpoints {
    /** vocab 96, hidden 16, ff 64, 2 layers, 4 heads of 4 with 2 kv heads (kvDim 8), 2 rotary dims. */
    static final PhiConfig CONFIG = new PhiConfig(96, 16, 64, 2, 4, 2, 2, 10000, 1e-5, 128, 0, 1);
    /** Like CONFIG with kv heads = heads (as every legacy checkpoint) and vocab a multiple of 64 (legacy padding). */
    static final PhiConfig MHA_CONFIG = new PhiConfig(128, 16, 64, 2, 4, 4, 2, 10000, 1e-5, 128, -1, -1);

    private TinyCheckpoints() {
    }

    /** Every tensor of {@code c} under canonical names, F32, values seeded. */
    static Map<String, Tensor> canonical(PhiConfig c, boolean fusedQkv, long seed) {
        Random random = new Random(seed);
        Map<String, Tensor> out = new LinkedHashMap<>();
        for (Map.Entry<String, long[]> e : PhiTensorShapes.expected(c, fusedQkv).entrySet()) {
            float[] values = new float[Math.toIntExact(Tensor.elementCount(e.getValue()))];
            for (int i = 0; i < values.length; i++) {
                values[i] = (float) (random.nextGaussian() * 0.1);
            }
            out.put(e.getKey(), Tensor.ofFloats(e.getKey(), e.getValue(), values));
        }
        return out;
    }

    /**
     * Writes {@code canonical} (fused attn_qkv) as a legacy checkpoint: a remote-code config.json of
     * {@code layout} and model.safetensors with its tensor names, plus the rotary inv_freq buffers MixFormer saved.
     */
    static void writeLegacy(Path dir, HfLayout layout, PhiConfig c, Map<String, Tensor> canonical) throws IOException {
        Files.createDirectories(dir);
        HfTensorNames names = HfTensorNames.forLayout(layout, c.numLayers());
        List<Tensor> tensors = new ArrayList<>();
        for (Tensor t : canonical.values()) {
            tensors.add(t.withName(names.toHf(t.name())));
        }
        if (layout == HfLayout.MIXFORMER_SEQUENTIAL) {
            for (int l = 1; l <= c.numLayers(); l++) {
                tensors.add(Tensor.ofFloats("layers." + l + ".mixer.rotary_emb.inv_freq", new long[] {1}, new float[] {1f}));
            }
        }
        SafetensorsWriter.write(dir.resolve("model.safetensors"), tensors);
        Map<String, Object> config = new TreeMap<>();
        config.put("model_type", layout.modelType());
        config.put("activation_function", "gelu_new");
        config.put("n_embd", c.hiddenSize());
        config.put("n_head", c.numHeads());
        config.put("n_inner", null);
        config.put("n_layer", c.numLayers());
        config.put("n_positions", c.contextLength());
        config.put("rotary_dim", c.ropeDims());
        config.put("layer_norm_epsilon", c.layerNormEps());
        config.put("vocab_size", c.vocabSize());
        config.put("tie_word_embeddings", false);
        config.put("torch_dtype", "float32");
        if (layout == HfLayout.PHI_MSFT) {
            config.put("n_head_kv", null);
        }
        Files.writeString(dir.resolve("config.json"), PythonJson.dumps(config) + "\n");
    }
}
