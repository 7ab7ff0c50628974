package io.phi4j.train.optim;

import io.phi4j.kernel.WorkerPool;
import io.phi4j.train.model.Param;

import java.util.List;

/**
 * Global gradient-norm clipping as {@code torch.nn.utils.clip_grad_norm_}: the L2 norm over all gradients;
 * if it exceeds {@code maxNorm}, every gradient is multiplied by {@code maxNorm / (norm + 1e-6)}.
 */
public final class GradClip {
    private static final int CHUNK = 1 << 16;

    private GradClip() {
    }

    /**
     * The global norm (squares summed in double, in fixed chunks whatever the thread count, so the value is
     * reproducible).
     */
    public static double norm(WorkerPool pool, List<Param> params) {
        double total = 0;
        for (Param p : params) {
            float[] g = p.grad();
            int chunks = (g.length + CHUNK - 1) / CHUNK;
            double[] partial = new double[chunks];
            pool.parallelFor(chunks, (from, to) -> {
                for (int c = from; c < to; c++) {
                    double s = 0;
                    for (int j = c * CHUNK, end = Math.min(g.length, (c + 1) * CHUNK); j < end; j++) {
                        s += (double) g[j] * g[j];
                    }
                    partial[c] = s;
                }
            });
            for (double s : partial) {
                total += s;
            }
        }
        return Math.sqrt(total);
    }

    /** Clips to {@code maxNorm} (≤ 0 disables clipping); returns the norm before clipping. */
    public static double clip(WorkerPool pool, List<Param> params, double maxNorm) {
        double norm = norm(pool, params);
        if (maxNorm > 0 && norm > maxNorm) {
            float coef = (float) (maxNorm / (norm + 1e-6));
            for (Param p : params) {
                float[] g = p.grad();
                pool.parallelFor((g.length + CHUNK - 1) / CHUNK, (from, to) -> {
                    for (int j = from * CHUNK, end = Math.min(g.length, to * CHUNK); j < end; j++) {
                        g[j] *= coef;
                    }
                });
            }
        }
        return norm;
    }
}
