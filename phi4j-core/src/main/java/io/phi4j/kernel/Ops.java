package io.phi4j.kernel;

/** Element-wise and row-wise operations of the Phi forward pass, in plain Java. */
public final class Ops {
    /** sqrt(2/pi), for the tanh form of GELU. */
    private static final float GELU_COEF = (float) Math.sqrt(2.0 / Math.PI);

    private Ops() {
    }

    /**
     * LayerNorm of {@code rows} rows of length {@code n}: {@code (x - mean) / sqrt(var + eps) * w + b}, with the
     * biased variance as torch.nn.LayerNorm. Mean and variance accumulate in double: cheap next to a matmul,
     * and it keeps the result within float rounding of a float64 reference.
     */
    public static void layerNorm(float[] x, float[] out, int rows, int n, float[] weight, float[] bias, double eps) {
        for (int r = 0; r < rows; r++) {
            int o = r * n;
            double mean = 0;
            for (int i = 0; i < n; i++) {
                mean += x[o + i];
            }
            mean /= n;
            double var = 0;
            for (int i = 0; i < n; i++) {
                double d = x[o + i] - mean;
                var += d * d;
            }
            var /= n;
            float inv = (float) (1.0 / Math.sqrt(var + eps));
            float m = (float) mean;
            for (int i = 0; i < n; i++) {
                out[o + i] = (x[o + i] - m) * inv * weight[i] + bias[i];
            }
        }
    }

    /** Hugging Face's {@code gelu_new} (the tanh approximation used by GPT-2 and Phi). */
    public static float geluNew(float x) {
        return 0.5f * x * (1f + (float) Math.tanh(GELU_COEF * (x + 0.044715f * x * x * x)));
    }

    public static void geluNew(float[] x, int from, int to) {
        for (int i = from; i < to; i++) {
            x[i] = geluNew(x[i]);
        }
    }

    /** In-place softmax of {@code x[off .. off+n)}. */
    public static void softmax(float[] x, int off, int n) {
        float max = Float.NEGATIVE_INFINITY;
        for (int i = 0; i < n; i++) {
            max = Math.max(max, x[off + i]);
        }
        float sum = 0f;
        for (int i = 0; i < n; i++) {
            float e = (float) Math.exp(x[off + i] - max);
            x[off + i] = e;
            sum += e;
        }
        float inv = 1f / sum;
        for (int i = 0; i < n; i++) {
            x[off + i] *= inv;
        }
    }
}
