package io.phi4j.train.ops;

/**
 * Partial rotary embedding in the NeoX layout (Hugging Face {@code apply_rotary_pos_emb} on the first
 * {@code rotary_ndims} of each head, {@code rotate_half}; llama.cpp {@code LLAMA_ROPE_TYPE_NEOX}): within a head,
 * dim {@code i < ropeDims/2} pairs with {@code i + ropeDims/2} and the pair turns by {@code pos · θ^(-2i/ropeDims)};
 * dims past {@code ropeDims} pass through. The backward pass turns the gradient back by the same angle (the
 * rotation is orthogonal, so its Jacobian's transpose is its inverse). Angles as {@link io.phi4j.kernel.Rope}
 * computes them, so training and inference agree.
 */
public final class RotaryOp {
    private final int half;
    private final int positions;
    private final float[] cos;
    private final float[] sin;

    public RotaryOp(int ropeDims, double theta, int positions) {
        this.half = ropeDims / 2;
        this.positions = positions;
        this.cos = new float[positions * half];
        this.sin = new float[positions * half];
        for (int i = 0; i < half; i++) {
            // As io.phi4j.kernel.Rope: inv_freq rounded to float32 as Hugging Face computes it, angle in double.
            double invFreq = (float) (1.0 / Math.pow(theta, (2.0 * i) / ropeDims));
            for (int p = 0; p < positions; p++) {
                double angle = p * invFreq;
                cos[p * half + i] = (float) Math.cos(angle);
                sin[p * half + i] = (float) Math.sin(angle);
            }
        }
    }

    /**
     * Rotates {@code heads} heads of {@code headDim} values at {@code x[off]} for position {@code pos}; with
     * {@code inverse} the rotation runs backwards (for gradients).
     */
    public void apply(float[] x, int off, int heads, int headDim, int pos, boolean inverse) {
        if (half == 0) {
            return;
        }
        if (pos < 0 || pos >= positions) {
            throw new IllegalArgumentException("position " + pos + " outside 0.." + (positions - 1));
        }
        int base = pos * half;
        for (int h = 0; h < heads; h++) {
            int o = off + h * headDim;
            for (int i = 0; i < half; i++) {
                float x0 = x[o + i], x1 = x[o + i + half];
                float c = cos[base + i], s = inverse ? -sin[base + i] : sin[base + i];
                x[o + i] = x0 * c - x1 * s;
                x[o + i + half] = x1 * c + x0 * s;
            }
        }
    }
}
