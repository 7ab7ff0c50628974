package io.phi4j.kernel;

import io.phi4j.tensor.GgmlType;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/** Scalar twin of {@link Q4_KVectorKernel}: per 32, d*sc*(q . x) - dmin*m*sum(x). */
final class Q4_KScalarKernel implements WeightKernel {
    private static final int BLOCK = 144;
    private static final int QS = 16;
    private static final ThreadLocal<int[]> SCALES = ThreadLocal.withInitial(() -> new int[16]);

    @Override
    public GgmlType type() {
        return GgmlType.Q4_K;
    }

    @Override
    public void matVec(MemorySegment w, long rowBytes, int cols, MemorySegment x, int xOff, float[] out, int outOff,
                       int from, int to) {
        int[] sc = SCALES.get();
        for (int r = from; r < to; r++) {
            long row = r * rowBytes;
            float sum = 0f;
            for (int b = 0; b < cols / KBlocks.QK_K; b++) {
                long blk = row + (long) b * BLOCK;
                float d = Bits.f16(w, blk), dmin = Bits.f16(w, blk + 2);
                KBlocks.unpackScales(w, blk + 4, sc);
                int xb = xOff + b * KBlocks.QK_K;
                for (int c = 0; c < 4; c++) {
                    long q = blk + QS + 32L * c;
                    float lo = 0f, hi = 0f, xLo = 0f, xHi = 0f;
                    for (int l = 0; l < 32; l++) {
                        int v = Bits.u8(w, q + l);
                        float a = x.getAtIndex(ValueLayout.JAVA_FLOAT, xb + 64 * c + l), e = x.getAtIndex(ValueLayout.JAVA_FLOAT, xb + 64 * c + 32 + l);
                        lo += (v & 0xF) * a;
                        hi += (v >>> 4) * e;
                        xLo += a;
                        xHi += e;
                    }
                    sum += d * sc[2 * c] * lo - dmin * sc[8 + 2 * c] * xLo;
                    sum += d * sc[2 * c + 1] * hi - dmin * sc[9 + 2 * c] * xHi;
                }
            }
            out[outOff + r] = sum;
        }
    }

    @Override
    public void decode(MemorySegment w, long offset, int count, float[] dst, int dstOff) {
        int[] sc = SCALES.get();
        for (int b = 0; b < count / KBlocks.QK_K; b++) {
            long blk = offset + (long) b * BLOCK;
            float d = Bits.f16(w, blk), dmin = Bits.f16(w, blk + 2);
            KBlocks.unpackScales(w, blk + 4, sc);
            int o = dstOff + b * KBlocks.QK_K;
            for (int c = 0; c < 4; c++) {
                float d1 = d * sc[2 * c], m1 = dmin * sc[8 + 2 * c];
                float d2 = d * sc[2 * c + 1], m2 = dmin * sc[9 + 2 * c];
                for (int l = 0; l < 32; l++) {
                    int v = Bits.u8(w, blk + QS + 32L * c + l);
                    dst[o + 64 * c + l] = d1 * (v & 0xF) - m1;
                    dst[o + 64 * c + 32 + l] = d2 * (v >>> 4) - m2;
                }
            }
        }
    }
}
