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
 * Q4_0 (fp16 scale + 16 bytes of nibbles; byte j holds element j low, j + 16 high) with vectors. The L bytes
 * widen once to int lanes, which give both nibbles (and 15, shift 4): one widening shuffle per 2L weights. One
 * row at a time: measured faster than two rows sharing the x loads, which runs out of registers and spills.
 */
final class Q4_0VectorKernel implements WeightKernel {
    private static final int QK = 32;
    private static final int BLOCK = 18;

    @Override
    public GgmlType type() {
        return GgmlType.Q4_0;
    }

    @Override
    public void matVec(MemorySegment w, long rowBytes, int cols, MemorySegment x, int xOff, float[] out, int outOff,
                       int from, int to) {
        float[] lanes = Simd.LANES.get();
        int nb = cols / QK;
        for (int r = from; r < to; r++) {
            long o0 = r * rowBytes;
            FloatVector acc = FloatVector.zero(F);
            for (int b = 0; b < nb; b++) {
                long blk = o0 + (long) b * BLOCK;
                int xi = xOff + b * QK;
                FloatVector s = FloatVector.zero(F);
                for (int j = 0; j < QK / 2; j += L) {
                    IntVector q = widen(w, blk + 2 + j);
                    s = low(q).fma(FloatVector.fromMemorySegment(F, x, 4L * (xi + j), Simd.NATIVE), s);
                    s = high(q).fma(FloatVector.fromMemorySegment(F, x, 4L * (xi + j + QK / 2), Simd.NATIVE), s);
                }
                acc = s.fma(FloatVector.broadcast(F, Bits.f16(w, blk)), acc);
            }
            out[outOff + r] = Simd.sum(acc, lanes);
        }
    }

    /**
     * Four tokens per pass: each block's nibbles are widened and converted once, then multiplied with the four
     * tokens' inputs; per token the same operations in the same order as {@link #matVec}, so the same bits.
     */
    @Override
    public void matVec4(MemorySegment w, long rowBytes, int cols, MemorySegment x, int x0, int x1, int x2, int x3,
                        float[] out, int o0, int o1, int o2, int o3, int from, int to) {
        float[] lanes = Simd.LANES.get();
        int nb = cols / QK;
        long xb0 = 4L * x0, xb1 = 4L * x1, xb2 = 4L * x2, xb3 = 4L * x3;
        for (int r = from; r < to; r++) {
            long row = r * rowBytes;
            FloatVector acc0 = FloatVector.zero(F), acc1 = acc0, acc2 = acc0, acc3 = acc0;
            for (int b = 0; b < nb; b++) {
                long blk = row + (long) b * BLOCK;
                long xo = 4L * b * QK;
                FloatVector s0 = FloatVector.zero(F), s1 = s0, s2 = s0, s3 = s0;
                for (int j = 0; j < QK / 2; j += L) {
                    IntVector q = widen(w, blk + 2 + j);
                    FloatVector lo = low(q), hi = high(q);
                    long lj = xo + 4L * j, hj = xo + 4L * (j + QK / 2);
                    s0 = lo.fma(xv(x, xb0 + lj), s0);
                    s0 = hi.fma(xv(x, xb0 + hj), s0);
                    s1 = lo.fma(xv(x, xb1 + lj), s1);
                    s1 = hi.fma(xv(x, xb1 + hj), s1);
                    s2 = lo.fma(xv(x, xb2 + lj), s2);
                    s2 = hi.fma(xv(x, xb2 + hj), s2);
                    s3 = lo.fma(xv(x, xb3 + lj), s3);
                    s3 = hi.fma(xv(x, xb3 + hj), s3);
                }
                FloatVector d = FloatVector.broadcast(F, Bits.f16(w, blk));
                acc0 = s0.fma(d, acc0);
                acc1 = s1.fma(d, acc1);
                acc2 = s2.fma(d, acc2);
                acc3 = s3.fma(d, acc3);
            }
            out[o0 + r] = Simd.sum(acc0, lanes);
            out[o1 + r] = Simd.sum(acc1, lanes);
            out[o2 + r] = Simd.sum(acc2, lanes);
            out[o3 + r] = Simd.sum(acc3, lanes);
        }
    }

    private static FloatVector xv(MemorySegment x, long byteOffset) {
        return FloatVector.fromMemorySegment(F, x, byteOffset, Simd.NATIVE);
    }

    /** L nibble bytes, zero-extended to int lanes. */
    private static IntVector widen(MemorySegment w, long offset) {
        return (IntVector) ByteVector.fromMemorySegment(B, w, offset, LE)
                .convertShape(VectorOperators.ZERO_EXTEND_B2I, Simd.I, 0);
    }

    private static FloatVector low(IntVector q) {
        return toFloat(q.and(0x0F).sub(8));
    }

    private static FloatVector high(IntVector q) {
        return toFloat(q.lanewise(VectorOperators.LSHR, 4).sub(8));
    }

    private static FloatVector toFloat(IntVector q) {
        return (FloatVector) q.convertShape(VectorOperators.I2F, F, 0);
    }

    @Override
    public void decode(MemorySegment w, long offset, int count, float[] dst, int dstOff) {
        for (int b = 0; b < count / QK; b++) {
            long blk = offset + (long) b * BLOCK;
            FloatVector d = FloatVector.broadcast(F, Bits.f16(w, blk));
            int o = dstOff + b * QK;
            for (int j = 0; j < QK / 2; j += L) {
                IntVector q = widen(w, blk + 2 + j);
                low(q).mul(d).intoArray(dst, o + j);
                high(q).mul(d).intoArray(dst, o + j + QK / 2);
            }
        }
    }
}
