package io.phi4j.kernel;

import io.phi4j.tensor.GgmlType;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/** Scalar twin of {@link Q4_0VectorKernel}: per block, sum of (q - 8) * x, times d. */
final class Q4_0ScalarKernel implements WeightKernel {
    private static final int QK = 32;
    private static final int BLOCK = 18;

    @Override
    public GgmlType type() {
        return GgmlType.Q4_0;
    }

    @Override
    public void matVec(MemorySegment w, long rowBytes, int cols, MemorySegment x, int xOff, float[] out, int outOff,
                       int from, int to) {
        for (int r = from; r < to; r++) {
            long row = r * rowBytes;
            float sum = 0f;
            for (int b = 0; b < cols / QK; b++) {
                long blk = row + (long) b * BLOCK;
                int xi = xOff + b * QK;
                float part = 0f;
                for (int j = 0; j < QK / 2; j++) {
                    int q = Bits.u8(w, blk + 2 + j);
                    part += ((q & 0x0F) - 8) * x.getAtIndex(ValueLayout.JAVA_FLOAT, xi + j) + ((q >>> 4) - 8) * x.getAtIndex(ValueLayout.JAVA_FLOAT, xi + j + QK / 2);
                }
                sum += part * Bits.f16(w, blk);
            }
            out[outOff + r] = sum;
        }
    }

    @Override
    public void decode(MemorySegment w, long offset, int count, float[] dst, int dstOff) {
        for (int b = 0; b < count / QK; b++) {
            long blk = offset + (long) b * BLOCK;
            float d = Bits.f16(w, blk);
            int o = dstOff + b * QK;
            for (int j = 0; j < QK / 2; j++) {
                int q = Bits.u8(w, blk + 2 + j);
                dst[o + j] = ((q & 0x0F) - 8) * d;
                dst[o + j + QK / 2] = ((q >>> 4) - 8) * d;
            }
        }
    }
}
