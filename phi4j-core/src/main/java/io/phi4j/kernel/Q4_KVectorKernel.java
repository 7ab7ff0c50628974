package io.phi4j.kernel;

import io.phi4j.tensor.GgmlType;
import jdk.incubator.vector.ByteVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorOperators;

import java.lang.foreign.MemorySegment;

import static io.phi4j.kernel.Simd.B;
import static io.phi4j.kernel.Simd.F;
import static io.phi4j.kernel.Simd.L;
import static io.phi4j.kernel.Simd.LE;

/**
 * Q4_K (256-element super-blocks: fp16 d and dmin, 12 bytes of 6-bit scales and mins, 128 bytes of nibbles;
 * value = d * sc * q - dmin * m per 32) with vectors. The dot splits as llama.cpp's does:
 * {@code sum_j d*sc_j * (q . x)_j - dmin * sum_j m_j * sum(x)_j}; the q.x parts are vector fmas, the mins use
 * per-32 sums of x computed once per call.
 */
final class Q4_KVectorKernel implements WeightKernel {
    private static final int BLOCK = 144;
    private static final int QS = 16;
    private static final ThreadLocal<float[]> X_SUMS = new ThreadLocal<>();
    private static final ThreadLocal<int[]> SCALES = ThreadLocal.withInitial(() -> new int[16]);

    @Override
    public GgmlType type() {
        return GgmlType.Q4_K;
    }

    @Override
    public void matVec(MemorySegment w, long rowBytes, int cols, MemorySegment x, int xOff, float[] out, int outOff,
                       int from, int to) {
        float[] lanes = Simd.LANES.get();
        int nb = cols / KBlocks.QK_K;
        float[] xs = KBlocks.scratch(X_SUMS, cols / 32);
        KBlocks.groupSums(x, xOff, cols, xs);
        int[] sc = SCALES.get();
        for (int r = from; r < to; r++) {
            long row = r * rowBytes;
            FloatVector acc = FloatVector.zero(F);
            float mins = 0f;
            for (int b = 0; b < nb; b++) {
                long blk = row + (long) b * BLOCK;
                float d = Bits.f16(w, blk), dmin = Bits.f16(w, blk + 2);
                KBlocks.unpackScales(w, blk + 4, sc);
                int xb = xOff + b * KBlocks.QK_K;
                float m = 0f;
                for (int c = 0; c < 4; c++) {
                    long q = blk + QS + 32L * c;
                    int xi = xb + 64 * c;
                    FloatVector lo = FloatVector.zero(F), hi = FloatVector.zero(F);
                    for (int j = 0; j < 32; j += L) {
                        IntVector qv = widen(w, q + j);
                        lo = low(qv).fma(FloatVector.fromMemorySegment(F, x, 4L * (xi + j), Simd.NATIVE), lo);
                        hi = high(qv).fma(FloatVector.fromMemorySegment(F, x, 4L * (xi + 32 + j), Simd.NATIVE), hi);
                    }
                    acc = lo.fma(FloatVector.broadcast(F, d * sc[2 * c]), acc);
                    acc = hi.fma(FloatVector.broadcast(F, d * sc[2 * c + 1]), acc);
                    m += sc[8 + 2 * c] * xs[8 * b + 2 * c] + sc[9 + 2 * c] * xs[8 * b + 2 * c + 1];
                }
                mins += dmin * m;
            }
            out[outOff + r] = Simd.sum(acc, lanes) - mins;
        }
    }

    /** L nibble bytes, zero-extended to int lanes once for both nibbles. */
    private static IntVector widen(MemorySegment w, long offset) {
        return (IntVector) ByteVector.fromMemorySegment(B, w, offset, LE)
                .convertShape(VectorOperators.ZERO_EXTEND_B2I, Simd.I, 0);
    }

    private static FloatVector low(IntVector q) {
        return (FloatVector) q.and(0x0F).convertShape(VectorOperators.I2F, F, 0);
    }

    private static FloatVector high(IntVector q) {
        return (FloatVector) q.lanewise(VectorOperators.LSHR, 4).convertShape(VectorOperators.I2F, F, 0);
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
                long q = blk + QS + 32L * c;
                FloatVector d1 = FloatVector.broadcast(F, d * sc[2 * c]);
                FloatVector m1 = FloatVector.broadcast(F, -dmin * sc[8 + 2 * c]);
                FloatVector d2 = FloatVector.broadcast(F, d * sc[2 * c + 1]);
                FloatVector m2 = FloatVector.broadcast(F, -dmin * sc[9 + 2 * c]);
                for (int j = 0; j < 32; j += L) {
                    IntVector qv = widen(w, q + j);
                    low(qv).fma(d1, m1).intoArray(dst, o + 64 * c + j);
                    high(qv).fma(d2, m2).intoArray(dst, o + 64 * c + 32 + j);
                }
            }
        }
    }
}
