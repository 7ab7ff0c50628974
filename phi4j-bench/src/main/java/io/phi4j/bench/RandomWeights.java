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
        MemorySegment data = allocate(rowBytes * rows, arena);
        for (int r = 0; r < rows; r += tRows) {
            int n = Math.min(tRows, rows - r);
            MemorySegment.copy(template.data(), 0, data, r * rowBytes, n * rowBytes);
        }
        return new Tensor(name, type, new long[] {rows, cols}, data);
    }

    /** Set by {@code --hugepages}: weights in 2 MB aligned memory advised as transparent huge pages. */
    static boolean hugePages;

    private static final java.lang.foreign.Linker LINKER = java.lang.foreign.Linker.nativeLinker();
    private static final java.lang.invoke.MethodHandle MMAP = LINKER.downcallHandle(
            LINKER.defaultLookup().find("mmap").orElseThrow(),
            java.lang.foreign.FunctionDescriptor.of(java.lang.foreign.ValueLayout.ADDRESS,
                    java.lang.foreign.ValueLayout.ADDRESS, java.lang.foreign.ValueLayout.JAVA_LONG,
                    java.lang.foreign.ValueLayout.JAVA_INT, java.lang.foreign.ValueLayout.JAVA_INT,
                    java.lang.foreign.ValueLayout.JAVA_INT, java.lang.foreign.ValueLayout.JAVA_LONG));
    private static final java.lang.invoke.MethodHandle MADVISE = LINKER.downcallHandle(
            LINKER.defaultLookup().find("madvise").orElseThrow(),
            java.lang.foreign.FunctionDescriptor.of(java.lang.foreign.ValueLayout.JAVA_INT,
                    java.lang.foreign.ValueLayout.ADDRESS, java.lang.foreign.ValueLayout.JAVA_LONG,
                    java.lang.foreign.ValueLayout.JAVA_INT));

    /** Fresh anonymous memory advised as huge pages before its first touch (Linux; never unmapped: a benchmark). */
    static MemorySegment allocate(long bytes, Arena arena) {
        if (!hugePages) {
            return arena.allocate(bytes, 64);
        }
        long huge = 2 << 20;
        long size = (bytes + 2 * huge - 1) / huge * huge;
        try {
            MemorySegment raw = (MemorySegment) MMAP.invokeExact(MemorySegment.NULL, size, 3, 0x22, -1, 0L);
            long start = (raw.address() + huge - 1) / huge * huge;
            MemorySegment seg = MemorySegment.ofAddress(start).reinterpret(size - huge);
            int rc = (int) MADVISE.invokeExact(seg, seg.byteSize(), 14); // MADV_HUGEPAGE
            if (rc != 0) {
                throw new IllegalStateException("madvise failed");
            }
            return seg.asSlice(0, bytes);
        } catch (Throwable e) {
            throw new IllegalStateException(e);
        }
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
