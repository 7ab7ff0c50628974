package io.phi4j.kernel;

/**
 * Rotary position embedding in the NeoX layout that Phi uses: within each head only the first {@code ropeDims}
 * dims rotate, and dim {@code i} pairs with {@code i + ropeDims/2} (Hugging Face {@code rotate_half},
 * llama.cpp {@code LLAMA_ROPE_TYPE_NEOX}). Angles are {@code pos * theta^(-2i/ropeDims)}; cos/sin are
 * computed in double and cached per position, so that long contexts keep full precision.
 */
public final class Rope {
    private final int ropeDims;
    private final int half;
    private final double[] invFreq;
    private float[] cos = new float[0];
    private float[] sin = new float[0];
    private int cachedPositions;

    public Rope(int ropeDims, double theta) {
        this.ropeDims = ropeDims;
        this.half = ropeDims / 2;
        this.invFreq = new double[half];
        for (int i = 0; i < half; i++) {
            // Hugging Face: inv_freq = 1 / base^(arange(0, dim, 2) / dim), computed in float32 there.
            invFreq[i] = (float) (1.0 / Math.pow(theta, (2.0 * i) / ropeDims));
        }
    }

    private synchronized void ensure(int positions) {
        if (positions <= cachedPositions) {
            return;
        }
        int n = Math.max(positions, cachedPositions * 2);
        float[] c = new float[n * half], s = new float[n * half];
        for (int p = 0; p < n; p++) {
            for (int i = 0; i < half; i++) {
                double angle = p * invFreq[i];
                c[p * half + i] = (float) Math.cos(angle);
                s[p * half + i] = (float) Math.sin(angle);
            }
        }
        cos = c;
        sin = s;
        cachedPositions = n;
    }

    /** Rotates {@code heads} heads of size {@code headDim} stored from {@code x[off]} for position {@code pos}. */
    public void apply(float[] x, int off, int heads, int headDim, int pos) {
        if (half == 0) {
            return;
        }
        ensure(pos + 1);
        float[] c = cos, s = sin;
        int base = pos * half;
        for (int h = 0; h < heads; h++) {
            int o = off + h * headDim;
            for (int i = 0; i < half; i++) {
                float x0 = x[o + i], x1 = x[o + i + half];
                float ci = c[base + i], si = s[base + i];
                x[o + i] = x0 * ci - x1 * si;
                x[o + i + half] = x1 * ci + x0 * si;
            }
        }
    }

    public int ropeDims() {
        return ropeDims;
    }
}
