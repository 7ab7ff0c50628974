package io.phi4j.kernel;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * Shared pieces of the K-quant kernels: ggml's get_scale_min_k4 unpacking of the 12 scale bytes of a Q4_K block
 * (eight 6-bit scales and eight 6-bit mins), and per-32 sums of x (the min term of Q4_K is {@code dmin * m * sum(x)}).
 */
final class KBlocks {
    private static final java.lang.foreign.ValueLayout.OfInt INT =
            java.lang.foreign.ValueLayout.JAVA_INT_UNALIGNED.withOrder(java.nio.ByteOrder.LITTLE_ENDIAN);
    static final int QK_K = 256;

    private KBlocks() {
    }

    /** Writes the 8 scales to {@code sc[0..8)} and the 8 mins to {@code sc[8..16)}. */
    static void unpackScales(MemorySegment w, long offset, int[] sc) {
        // Three little-endian ints hold bytes 0-3 (scales 0-3 + high bits of 4-7), 4-7 (mins 0-3 + high bits)
        // and 8-11 (low nibbles of scales and mins 4-7).
        int q0 = w.get(INT, offset), q1 = w.get(INT, offset + 4), q2 = w.get(INT, offset + 8);
        for (int j = 0; j < 4; j++) {
            int a = (q0 >>> (8 * j)) & 0xFF, b = (q1 >>> (8 * j)) & 0xFF, c = (q2 >>> (8 * j)) & 0xFF;
            sc[j] = a & 63;
            sc[8 + j] = b & 63;
            sc[4 + j] = (c & 0xF) | ((a >>> 6) << 4);
            sc[12 + j] = (c >>> 4) | ((b >>> 6) << 4);
        }
    }

    /** {@code sums[i] = x.getAtIndex(ValueLayout.JAVA_FLOAT, xOff + 32i) + ... + x.getAtIndex(ValueLayout.JAVA_FLOAT, xOff + 32i + 31)} for the {@code cols / 32} groups. */
    static void groupSums(MemorySegment x, int xOff, int cols, float[] sums) {
        for (int g = 0; g < cols / 32; g++) {
            float s = 0f;
            for (int i = 0; i < 32; i++) {
                s += x.getAtIndex(ValueLayout.JAVA_FLOAT, xOff + 32 * g + i);
            }
            sums[g] = s;
        }
    }

    /** A per-thread buffer of at least {@code n} floats (grown, never shrunk). */
    static float[] scratch(ThreadLocal<float[]> holder, int n) {
        float[] a = holder.get();
        if (a == null || a.length < n) {
            a = new float[n];
            holder.set(a);
        }
        return a;
    }
}
