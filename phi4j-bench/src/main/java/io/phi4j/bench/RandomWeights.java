package io.phi4j.bench;

import io.phi4j.tensor.GgmlType;
import io.phi4j.tensor.Tensor;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.Random;

/**
 * Full-size weight matrices for benchmarks, filled fast: a 64-row template is quantized properly (real scales
 * and levels, as a model file has), then copied over the whole matrix. Kernels do the same work whatever the
 * values, so repeating rows does not flatter them; the matrices are distinct memory, so nothing stays cached.
 */
final class RandomWeights {
    private static final int TEMPLATE_ROWS = 64;

    private RandomWeights() {
    }

    static Tensor matrix(String name, GgmlType type, int rows, int cols, long seed, Arena arena) {
        Random rnd = new Random(seed);
        int tRows = Math.min(TEMPLATE_ROWS, rows);
        float[] values = new float[tRows * cols];
        for (int i = 0; i < values.length; i++) {
            values[i] = (float) (rnd.nextGaussian() * 0.02);
        }
        Tensor template = Tensor.encode(name, type, new long[] {tRows, cols}, values, arena);
        long rowBytes = template.rowBytes();
        MemorySegment data = arena.allocate(rowBytes * rows, 64);
        for (int r = 0; r < rows; r += tRows) {
            int n = Math.min(tRows, rows - r);
            MemorySegment.copy(template.data(), 0, data, r * rowBytes, n * rowBytes);
        }
        return new Tensor(name, type, new long[] {rows, cols}, data);
    }

    static float[] floats(int n, long seed) {
        Random rnd = new Random(seed);
        float[] a = new float[n];
        for (int i = 0; i < n; i++) {
            a[i] = (float) (rnd.nextDouble() * 2 - 1);
        }
        return a;
    }
}
