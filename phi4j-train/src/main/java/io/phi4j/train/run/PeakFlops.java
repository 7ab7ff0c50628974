package io.phi4j.train.run;

import io.phi4j.kernel.WorkerPool;
import io.phi4j.train.kernel.MatrixView;
import io.phi4j.train.kernel.Sgemm;

/**
 * The denominator of MFU: the best rate the training GEMM ({@link Sgemm}) reaches on this machine with all
 * worker threads, measured on a square-ish product (1024 x 1024 x 1024) that fits the cache blocking well. This
 * is the kernel's practical peak, not the CPU's theoretical one (which no Java or C kernel reaches), so an MFU
 * near 100% means the rest of training (attention, LayerNorm, softmax, optimizer, packing) costs nothing.
 */
public final class PeakFlops {
    private PeakFlops() {
    }

    /** GFLOPS: the best of a few timed runs after warm-up, about {@code seconds} in total. */
    public static double measure(WorkerPool pool, Sgemm gemm, double seconds) {
        int n = 1024;
        float[] a = new float[n * n], b = new float[n * n], c = new float[n * n];
        for (int i = 0; i < a.length; i++) {
            a[i] = (i % 7) * 0.1f;
            b[i] = (i % 5) * 0.1f;
        }
        // warm-up: enough small products for the JIT to compile the kernel and the packing loops
        float[] s = new float[128 * 128];
        for (int i = 0; i < 400; i++) {
            gemm.multiply(128, 128, 128, MatrixView.rowMajor(a, 128), MatrixView.rowMajor(b, 128), MatrixView.rowMajor(s, 128), false);
        }
        double best = 0;
        long end = System.nanoTime() + (long) (seconds * 1e9);
        int runs = 0;
        while (runs < 4 || System.nanoTime() < end) {
            long t0 = System.nanoTime();
            gemm.multiply(pool, n, n, n, MatrixView.rowMajor(a, n), MatrixView.rowMajor(b, n), MatrixView.rowMajor(c, n), false);
            long t = System.nanoTime() - t0;
            if (runs++ >= 2) {
                best = Math.max(best, 2.0 * n * n * n / t);
            }
            if (runs > 200) {
                break;
            }
        }
        return best;
    }
}
