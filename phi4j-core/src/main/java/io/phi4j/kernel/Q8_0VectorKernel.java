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
 * Q8_0 (fp16 scale + 32 int8) with vectors: each group of L int8 widens to L floats (B2F), the block's partial
 * dot is formed lane-wise and scaled by d with one fma, as llama.cpp's AVX path scales per block.
 */
final class Q8_0VectorKernel implements WeightKernel {
    private static final int QK = 32;
    private static final int BLOCK = 34;

    @Override
    public GgmlType type() {
        return GgmlType.Q8_0;
    }

    @Override
    public void matVec(MemorySegment w, long rowBytes, int cols, MemorySegment x, int xOff, float[] out, int outOff,
                       int from, int to) {
        float[] lanes = Simd.LANES.get();
        int nb = cols / QK;
        int r = from;
        for (; r + 1 < to; r += 2) {
            long o0 = r * rowBytes, o1 = o0 + rowBytes;
            FloatVector acc0 = FloatVector.zero(F), acc1 = FloatVector.zero(F);
            for (int b = 0; b < nb; b++) {
                long b0 = o0 + (long) b * BLOCK, b1 = o1 + (long) b * BLOCK;
                int xi = xOff + b * QK;
                FloatVector s0 = FloatVector.zero(F), s1 = FloatVector.zero(F);
                for (int j = 0; j < QK; j += L) {
                    FloatVector xv = FloatVector.fromMemorySegment(F, x, 4L * (xi + j), Simd.NATIVE);
                    s0 = widen(w, b0 + 2 + j).fma(xv, s0);
                    s1 = widen(w, b1 + 2 + j).fma(xv, s1);
                }
                acc0 = s0.fma(FloatVector.broadcast(F, Bits.f16(w, b0)), acc0);
                acc1 = s1.fma(FloatVector.broadcast(F, Bits.f16(w, b1)), acc1);
            }
            out[outOff + r] = Simd.sum(acc0, lanes);
            out[outOff + r + 1] = Simd.sum(acc1, lanes);
        }
        for (; r < to; r++) {
            long o0 = r * rowBytes;
            FloatVector acc0 = FloatVector.zero(F);
            for (int b = 0; b < nb; b++) {
                long b0 = o0 + (long) b * BLOCK;
                int xi = xOff + b * QK;
                FloatVector s0 = FloatVector.zero(F);
                for (int j = 0; j < QK; j += L) {
                    s0 = widen(w, b0 + 2 + j).fma(FloatVector.fromMemorySegment(F, x, 4L * (xi + j), Simd.NATIVE), s0);
                }
                acc0 = s0.fma(FloatVector.broadcast(F, Bits.f16(w, b0)), acc0);
            }
            out[outOff + r] = Simd.sum(acc0, lanes);
        }
    }

    /**
     * Four tokens per pass: each group of L weights is converted to floats once and multiplied with the four
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
                for (int j = 0; j < QK; j += L) {
                    FloatVector wv = widen(w, blk + 2 + j);
                    long xj = xo + 4L * j;
                    s0 = wv.fma(xv(x, xb0 + xj), s0);
                    s1 = wv.fma(xv(x, xb1 + xj), s1);
                    s2 = wv.fma(xv(x, xb2 + xj), s2);
                    s3 = wv.fma(xv(x, xb3 + xj), s3);
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

    private static FloatVector widen(MemorySegment w, long offset) {
        return (FloatVector) ByteVector.fromMemorySegment(B, w, offset, LE).convertShape(VectorOperators.B2F, F, 0);
    }

    @Override
    public void decode(MemorySegment w, long offset, int count, float[] dst, int dstOff) {
        for (int b = 0; b < count / QK; b++) {
            long blk = offset + (long) b * BLOCK;
            FloatVector d = FloatVector.broadcast(F, Bits.f16(w, blk));
            for (int j = 0; j < QK; j += L) {
                widen(w, blk + 2 + j).mul(d).intoArray(dst, dstOff + b * QK + j);
            }
        }
    }
}
