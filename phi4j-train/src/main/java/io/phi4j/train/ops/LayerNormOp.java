package io.phi4j.train.ops;

import io.phi4j.kernel.WorkerPool;

/**
 * LayerNorm over rows of length {@code n} ({@code torch.nn.LayerNorm}: biased variance, eps inside the root),
 * forward and backward as llm.c's {@code layernorm_forward/backward}: the forward keeps each row's mean and
 * reciprocal standard deviation, from which the backward rebuilds the normalized input.
 */
public final class LayerNormOp {
    private LayerNormOp() {
    }

    /** {@code out = (x - mean) * rstd * w + b} per row; stores mean and rstd. Mean and variance sum in double. */
    public static void forward(WorkerPool pool, float[] x, float[] out, float[] mean, float[] rstd, float[] w,
                               float[] b, int rows, int n, double eps) {
        pool.parallelFor(rows, (from, to) -> {
            for (int r = from; r < to; r++) {
                int o = r * n;
                double s = 0;
                for (int i = 0; i < n; i++) {
                    s += x[o + i];
                }
                double m = s / n;
                double v = 0;
                for (int i = 0; i < n; i++) {
                    double d = x[o + i] - m;
                    v += d * d;
                }
                float rs = (float) (1.0 / Math.sqrt(v / n + eps));
                float mf = (float) m;
                for (int i = 0; i < n; i++) {
                    out[o + i] = (x[o + i] - mf) * rs * w[i] + b[i];
                }
                mean[r] = mf;
                rstd[r] = rs;
            }
        });
    }

    /**
     * Adds the input gradient to {@code dx} and the weight and bias gradients to {@code dw}, {@code db}:
     * with {@code xhat = (x - mean) * rstd} and {@code g = w * dout},
     * {@code dx += rstd * (g - mean(g) - xhat * mean(g * xhat))}, {@code dw += Σ dout * xhat}, {@code db += Σ dout}.
     * Rows are split between threads for {@code dx}, columns for {@code dw}/{@code db} (so sums keep their order).
     */
    public static void backward(WorkerPool pool, float[] dout, float[] x, float[] mean, float[] rstd, float[] w,
                                float[] dx, float[] dw, float[] db, int rows, int n) {
        pool.parallelFor(rows, (from, to) -> {
            for (int r = from; r < to; r++) {
                int o = r * n;
                float m = mean[r], rs = rstd[r];
                float gMean = 0f, gxMean = 0f;
                for (int i = 0; i < n; i++) {
                    float xhat = (x[o + i] - m) * rs;
                    float g = w[i] * dout[o + i];
                    gMean += g;
                    gxMean += g * xhat;
                }
                gMean /= n;
                gxMean /= n;
                for (int i = 0; i < n; i++) {
                    float xhat = (x[o + i] - m) * rs;
                    float g = w[i] * dout[o + i];
                    dx[o + i] += rs * (g - gMean - xhat * gxMean);
                }
            }
        });
        pool.parallelFor((n + 15) / 16, (from, to) -> {
            int j0 = from * 16, j1 = Math.min(n, to * 16);
            for (int r = 0; r < rows; r++) {
                int o = r * n;
                float m = mean[r], rs = rstd[r];
                for (int j = j0; j < j1; j++) {
                    float d = dout[o + j];
                    dw[j] += d * ((x[o + j] - m) * rs);
                    db[j] += d;
                }
            }
        });
    }
}
