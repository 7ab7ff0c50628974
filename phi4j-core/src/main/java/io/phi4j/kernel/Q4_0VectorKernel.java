package io.phi4j.kernel;

import io.phi4j.tensor.GgmlType;
import jdk.incubator.vector.ByteVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;

import java.lang.foreign.MemorySegment;

import static io.phi4j.kernel.Simd.B;
import static io.phi4j.kernel.Simd.F;
import static io.phi4j.kernel.Simd.L;
import static io.phi4j.kernel.Simd.LE;

/**
 * Q4_0 (fp16 scale + 16 bytes of nibbles; byte j holds element j low, j + 16 high) with vectors: L bytes split
 * into low and high nibbles in the byte lanes, minus 8, widened to floats, one fma each against x, then the
 * block sum scaled by d.
 */
final class Q4_0VectorKernel implements WeightKernel {
    private static final int QK = 32;
    private static final int BLOCK = 18;

    @Override
    public GgmlType type() {
        return GgmlType.Q4_0;
    }

    @Override
    public void matVec(MemorySegment w, long rowBytes, int cols, float[] x, int xOff, float[] out, int outOff,
                       int from, int to) {
        int nb = cols / QK;
        int r = from;
        for (; r + 1 < to; r += 2) {
            long o0 = r * rowBytes, o1 = o0 + rowBytes;
            FloatVector acc0 = FloatVector.zero(F), acc1 = FloatVector.zero(F);
            for (int b = 0; b < nb; b++) {
                long b0 = o0 + (long) b * BLOCK, b1 = o1 + (long) b * BLOCK;
                int xi = xOff + b * QK;
                FloatVector s0 = FloatVector.zero(F), s1 = FloatVector.zero(F);
                for (int j = 0; j < QK / 2; j += L) {
                    FloatVector xLo = FloatVector.fromArray(F, x, xi + j);
                    FloatVector xHi = FloatVector.fromArray(F, x, xi + j + QK / 2);
                    ByteVector q0 = ByteVector.fromMemorySegment(B, w, b0 + 2 + j, LE);
                    ByteVector q1 = ByteVector.fromMemorySegment(B, w, b1 + 2 + j, LE);
                    s0 = low(q0).fma(xLo, s0);
                    s1 = low(q1).fma(xLo, s1);
                    s0 = high(q0).fma(xHi, s0);
                    s1 = high(q1).fma(xHi, s1);
                }
                acc0 = s0.fma(FloatVector.broadcast(F, Bits.f16(w, b0)), acc0);
                acc1 = s1.fma(FloatVector.broadcast(F, Bits.f16(w, b1)), acc1);
            }
            out[outOff + r] = acc0.reduceLanes(VectorOperators.ADD);
            out[outOff + r + 1] = acc1.reduceLanes(VectorOperators.ADD);
        }
        for (; r < to; r++) {
            long o0 = r * rowBytes;
            FloatVector acc0 = FloatVector.zero(F);
            for (int b = 0; b < nb; b++) {
                long b0 = o0 + (long) b * BLOCK;
                int xi = xOff + b * QK;
                FloatVector s0 = FloatVector.zero(F);
                for (int j = 0; j < QK / 2; j += L) {
                    ByteVector q0 = ByteVector.fromMemorySegment(B, w, b0 + 2 + j, LE);
                    s0 = low(q0).fma(FloatVector.fromArray(F, x, xi + j), s0);
                    s0 = high(q0).fma(FloatVector.fromArray(F, x, xi + j + QK / 2), s0);
                }
                acc0 = s0.fma(FloatVector.broadcast(F, Bits.f16(w, b0)), acc0);
            }
            out[outOff + r] = acc0.reduceLanes(VectorOperators.ADD);
        }
    }

    private static FloatVector low(ByteVector q) {
        return (FloatVector) q.and((byte) 0x0F).sub((byte) 8).convertShape(VectorOperators.B2F, F, 0);
    }

    private static FloatVector high(ByteVector q) {
        return (FloatVector) q.lanewise(VectorOperators.LSHR, 4).sub((byte) 8).convertShape(VectorOperators.B2F, F, 0);
    }

    @Override
    public void decode(MemorySegment w, long offset, int count, float[] dst, int dstOff) {
        for (int b = 0; b < count / QK; b++) {
            long blk = offset + (long) b * BLOCK;
            FloatVector d = FloatVector.broadcast(F, Bits.f16(w, blk));
            int o = dstOff + b * QK;
            for (int j = 0; j < QK / 2; j += L) {
                ByteVector q = ByteVector.fromMemorySegment(B, w, blk + 2 + j, LE);
                low(q).mul(d).intoArray(dst, o + j);
                high(q).mul(d).intoArray(dst, o + j + QK / 2);
            }
        }
    }
}
