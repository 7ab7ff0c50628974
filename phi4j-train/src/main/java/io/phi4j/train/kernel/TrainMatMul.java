package io.phi4j.train.kernel;

import io.phi4j.kernel.WorkerPool;

/**
 * The three products of a linear layer {@code Y = X · Wᵀ + b} ({@code X [T, in]}, {@code W [out, in]}, both
 * row-major float32 heap arrays) that training needs, as llm.c's {@code matmul_forward} / {@code matmul_backward}:
 * <ul>
 *   <li>forward {@code Y = X · Wᵀ (+ b)},</li>
 *   <li>input gradient {@code dX (+)= dY · W},</li>
 *   <li>weight gradient {@code dW += dYᵀ · X} and bias gradient {@code db += Σ_t dY[t]}.</li>
 * </ul>
 * All three go through one blocked GEMM ({@link Sgemm}) whose packing absorbs the transposes. Results do not
 * depend on the number of threads.
 */
public final class TrainMatMul {
    private final Sgemm gemm;
    private final WorkerPool pool;
    private double bestGflops;

    public TrainMatMul(Sgemm gemm, WorkerPool pool) {
        this.gemm = gemm;
        this.pool = pool;
    }

    /** The vector kernel on the shared worker pool. */
    public static TrainMatMul shared() {
        return new TrainMatMul(Sgemm.DEFAULT, WorkerPool.shared());
    }

    /**
     * The best rate (GFLOPS) any large product reached so far: a floor for the kernel's peak on this machine,
     * which a start-up measurement on a busy machine can underestimate.
     */
    public double bestGflops() {
        return bestGflops;
    }

    private void timed(long flops, Runnable product) {
        long t0 = System.nanoTime();
        product.run();
        long dt = System.nanoTime() - t0;
        if (flops >= 50_000_000L && dt > 0) {
            bestGflops = Math.max(bestGflops, (double) flops / dt);
        }
    }

    public Sgemm gemm() {
        return gemm;
    }

    public WorkerPool pool() {
        return pool;
    }

    /** {@code y[T, out] = x[T, in] · w[out, in]ᵀ + bias} (bias may be null). */
    public void forward(float[] x, int tokens, int in, float[] w, float[] bias, int out, float[] y) {
        timed(2L * tokens * out * in, () -> gemm.multiply(pool, tokens, out, in, MatrixView.rowMajor(x, in),
                MatrixView.rowMajor(w, in).transposed(), MatrixView.rowMajor(y, out), false));
        if (bias != null) {
            pool.parallelFor(tokens, (from, to) -> {
                for (int t = from; t < to; t++) {
                    int o = t * out;
                    for (int j = 0; j < out; j++) {
                        y[o + j] += bias[j];
                    }
                }
            });
        }
    }

    /** {@code dx[T, in] (+)= dy[T, out] · w[out, in]}; overwritten unless {@code accumulate}. */
    public void backwardInput(float[] dy, int tokens, int out, float[] w, int in, float[] dx, boolean accumulate) {
        timed(2L * tokens * in * out, () -> gemm.multiply(pool, tokens, in, out, MatrixView.rowMajor(dy, out),
                MatrixView.rowMajor(w, in), MatrixView.rowMajor(dx, in), accumulate));
    }

    /** {@code dw[out, in] += dy[T, out]ᵀ · x[T, in]} and {@code db[out] += Σ_t dy[t, :]} (db may be null). */
    public void backwardWeight(float[] dy, int tokens, int out, float[] x, int in, float[] dw, float[] db) {
        timed(2L * tokens * in * out, () -> gemm.multiply(pool, out, in, tokens, MatrixView.rowMajor(dy, out).transposed(),
                MatrixView.rowMajor(x, in), MatrixView.rowMajor(dw, in), true));
        if (db != null) {
            columnSums(pool, dy, tokens, out, db);
        }
    }

    /**
     * {@code acc[j] += Σ_t m[t, j]}, split by columns so each sum runs over t in order whatever the thread
     * count; rows are visited in blocks so that each block's columns stay in cache.
     */
    public static void columnSums(WorkerPool pool, float[] m, int rows, int cols, float[] acc) {
        pool.parallelFor((cols + 63) / 64, (from, to) -> {
            int j0 = from * 64, j1 = Math.min(cols, to * 64);
            for (int t = 0; t < rows; t++) {
                int o = t * cols;
                for (int j = j0; j < j1; j++) {
                    acc[j] += m[o + j];
                }
            }
        });
    }
}
