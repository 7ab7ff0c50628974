package io.phi4j.kernel;

import io.phi4j.tensor.GgmlType;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/** Scalar twin of {@link Q6_KVectorKernel}: per 16 elements, d * scale * sum((q - 32) * x). */
final class Q6_KScalarKernel implements WeightKernel {
    private static final int BLOCK = 210;
    private static final int QH = 128;
    private static final int SCALES = 192;
    private static final int D = 208;

    @Override
    public GgmlType type() {
        return GgmlType.Q6_K;
    }

    /** The 6-bit level (0..63) of element {@code i} (0..255) of the block at {@code blk}. */
    private static int level(MemorySegment w, long blk, int i) {
        int half = i >>> 7, quarter = (i & 127) >>> 5, l = i & 31;
        int ql = Bits.u8(w, blk + 64L * half + l + (quarter & 1) * 32L);
        int low = quarter < 2 ? ql & 0xF : ql >>> 4;
        int high = (Bits.u8(w, blk + QH + 32L * half + l) >>> (2 * quarter)) & 3;
        return low | (high << 4);
    }

    @Override
    public void matVec(MemorySegment w, long rowBytes, int cols, MemorySegment x, int xOff, float[] out, int outOff,
                       int from, int to) {
        for (int r = from; r < to; r++) {
            long row = r * rowBytes;
            float sum = 0f;
            for (int b = 0; b < cols / KBlocks.QK_K; b++) {
                long blk = row + (long) b * BLOCK;
                float d = Bits.f16(w, blk + D);
                int xb = xOff + b * KBlocks.QK_K;
                for (int g = 0; g < 16; g++) {
                    float part = 0f;
                    for (int i = 16 * g; i < 16 * g + 16; i++) {
                        part += (level(w, blk, i) - 32) * x.getAtIndex(ValueLayout.JAVA_FLOAT, xb + i);
                    }
                    sum += d * Bits.i8(w, blk + SCALES + g) * part;
                }
            }
            out[outOff + r] = sum;
        }
    }

    @Override
    public void decode(MemorySegment w, long offset, int count, float[] dst, int dstOff) {
        for (int b = 0; b < count / KBlocks.QK_K; b++) {
            long blk = offset + (long) b * BLOCK;
            float d = Bits.f16(w, blk + D);
            for (int i = 0; i < KBlocks.QK_K; i++) {
                dst[dstOff + b * KBlocks.QK_K + i] = d * Bits.i8(w, blk + SCALES + i / 16) * (level(w, blk, i) - 32);
            }
        }
    }
}
