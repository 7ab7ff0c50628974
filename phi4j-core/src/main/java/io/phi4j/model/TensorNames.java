package io.phi4j.model;

/**
 * Canonical tensor names. They are llama.cpp's GGUF names for arch {@code phi2}, so a GGUF file needs no
 * translation; every other format translates to and from these in exactly one table. Shapes are row-major:
 * a linear layer's weight is {@code [out, in]}, its bias {@code [out]}.
 */
public final class TensorNames {
    private TensorNames() {
    }

    public static final String TOKEN_EMBD = "token_embd.weight";
    public static final String OUTPUT_NORM = "output_norm";
    public static final String OUTPUT = "output";

    /** Per-layer tensor base names; add {@code .weight} or {@code .bias}. */
    public static final String ATTN_NORM = "attn_norm";
    public static final String ATTN_Q = "attn_q";
    public static final String ATTN_K = "attn_k";
    public static final String ATTN_V = "attn_v";
    /** Fused [q; k; v] rows, as older GGUF files and phi-msft's {@code Wqkv} store them. */
    public static final String ATTN_QKV = "attn_qkv";
    public static final String ATTN_OUTPUT = "attn_output";
    public static final String FFN_UP = "ffn_up";
    public static final String FFN_DOWN = "ffn_down";

    public static String layer(int layer, String base, String suffix) {
        return "blk." + layer + "." + base + "." + suffix;
    }

    public static String weight(int layer, String base) {
        return layer(layer, base, "weight");
    }

    public static String bias(int layer, String base) {
        return layer(layer, base, "bias");
    }
}
