package io.phi4j.format.hf;

import io.phi4j.model.PhiConfig;
import io.phi4j.model.TensorNames;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Every tensor a Phi model has, under canonical names, with its row-major shape implied by the config. The
 * order is transformers' {@code PhiForCausalLM.state_dict()} order (modules in registration order: embedding;
 * per block self_attn q, k, v, dense, then mlp fc1, fc2, then input_layernorm; final_layernorm; lm_head),
 * which decides how Hugging Face splits shards.
 */
public final class PhiTensorShapes {
    private PhiTensorShapes() {
    }

    /**
     * @param fusedQkv one {@code attn_qkv} [q; k; v] per block instead of separate attn_q, attn_k, attn_v
     */
    public static Map<String, long[]> expected(PhiConfig c, boolean fusedQkv) {
        long hidden = c.hiddenSize();
        long kv = c.kvDim();
        long ff = c.intermediateSize();
        Map<String, long[]> out = new LinkedHashMap<>();
        out.put(TensorNames.TOKEN_EMBD, new long[] {c.vocabSize(), hidden});
        for (int l = 0; l < c.numLayers(); l++) {
            if (fusedQkv) {
                linear(out, l, TensorNames.ATTN_QKV, hidden + 2 * kv, hidden);
            } else {
                linear(out, l, TensorNames.ATTN_Q, hidden, hidden);
                linear(out, l, TensorNames.ATTN_K, kv, hidden);
                linear(out, l, TensorNames.ATTN_V, kv, hidden);
            }
            linear(out, l, TensorNames.ATTN_OUTPUT, hidden, hidden);
            linear(out, l, TensorNames.FFN_UP, ff, hidden);
            linear(out, l, TensorNames.FFN_DOWN, hidden, ff);
            out.put(TensorNames.weight(l, TensorNames.ATTN_NORM), new long[] {hidden});
            out.put(TensorNames.bias(l, TensorNames.ATTN_NORM), new long[] {hidden});
        }
        out.put(TensorNames.OUTPUT_NORM + ".weight", new long[] {hidden});
        out.put(TensorNames.OUTPUT_NORM + ".bias", new long[] {hidden});
        out.put(TensorNames.OUTPUT + ".weight", new long[] {c.vocabSize(), hidden});
        out.put(TensorNames.OUTPUT + ".bias", new long[] {c.vocabSize()});
        return out;
    }

    private static void linear(Map<String, long[]> out, int layer, String base, long rows, long cols) {
        out.put(TensorNames.weight(layer, base), new long[] {rows, cols});
        out.put(TensorNames.bias(layer, base), new long[] {rows});
    }
}
