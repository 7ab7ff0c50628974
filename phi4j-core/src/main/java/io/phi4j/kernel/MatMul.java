package io.phi4j.kernel;

import io.phi4j.tensor.BlockCodec;
import io.phi4j.tensor.Codecs;
import io.phi4j.tensor.Tensor;

/**
 * {@code out[t, r] = sum_c W[r, c] * x[t, c] (+ bias[r])} for a weight {@code W [rows, cols]} of any type and
 * {@code T} input rows. This is the plain reference path: each weight row is decoded once into a scratch row
 * and dotted with all T inputs, so prefill reads the weights once, not T times.
 */
public final class MatMul {
    private MatMul() {
    }

    public static void matmul(WorkerPool pool, Tensor w, float[] bias, float[] x, int tokens, float[] out) {
        int rows = w.rows(), cols = w.cols();
        BlockCodec codec = Codecs.of(w.type());
        long rowBytes = w.rowBytes();
        pool.parallelFor(rows, (from, to) -> {
            float[] row = new float[cols];
            for (int r = from; r < to; r++) {
                codec.dequantize(w.data(), r * rowBytes, row, 0, cols);
                float b = bias == null ? 0f : bias[r];
                for (int t = 0; t < tokens; t++) {
                    out[t * rows + r] = dot(row, x, t * cols, cols) + b;
                }
            }
        });
    }

    static float dot(float[] a, float[] b, int bOffset, int n) {
        float sum = 0f;
        for (int i = 0; i < n; i++) {
            sum += a[i] * b[bOffset + i];
        }
        return sum;
    }
}
