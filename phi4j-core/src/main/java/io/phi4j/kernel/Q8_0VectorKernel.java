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
 * Q8_0 (fp16 scale + 32 int8) with vectors: each group of L int8 widens to L floats (B2F) and is scaled by d
 * in registers — {@code q * d}, rounded once, the codec's value exactly — then multiplied with the input. The
 * several-token kernels convert each group once for 4 or 8 tokens and per token do the same operations in the
 * same order as the one-token kernel: the same bits.
 */
final class Q8_0VectorKernel implements WeightKernel {
    private static final int QK = 32;
    private static final int BLOCK = 34;

    @Override
    public GgmlType type() {
        return GgmlType.Q8_0;
    }

    /** Matrices larger than this take four rows per pass in {@link #matVec}: 4 MB is past the L2 of either core. */
    private static final long FOUR_STREAM_BYTES = 4L << 20;

    /** Four rows at a time for large matrices (then two, then one), sharing the loads of x. */
    @Override
    public void matVec(MemorySegment w, long rowBytes, int cols, MemorySegment x, int xOff, float[] out, int outOff,
                       int from, int to) {
        float[] lanes = Simd.LANES.get();
        int nb = cols / QK;
        long xb = 4L * xOff;
        if ((long) (to - from) * rowBytes >= FOUR_STREAM_BYTES) {
            from = fourStreams(w, rowBytes, nb, x, xb, out, outOff, from, to, lanes);
        }
        // Rows r and r + half together: two memory streams per thread, far apart (see MatMul's class comment).
        int half = (to - from) / 2;
        int r = from;
        for (; r < from + half; r++) {
            long o0 = r * rowBytes, o1 = o0 + half * rowBytes;
            FloatVector acc0 = FloatVector.zero(F), acc1 = FloatVector.zero(F);
            for (int b = 0; b < nb; b++) {
                long b0 = o0 + (long) b * BLOCK, b1 = o1 + (long) b * BLOCK;
                long xo = xb + 4L * b * QK;
                FloatVector d0 = FloatVector.broadcast(F, Bits.f16(w, b0));
                FloatVector d1 = FloatVector.broadcast(F, Bits.f16(w, b1));
                for (int j = 0; j < QK; j += L) {
                    FloatVector xj = xv(x, xo + 4L * j);
                    acc0 = widen(w, b0 + 2 + j).mul(d0).fma(xj, acc0);
                    acc1 = widen(w, b1 + 2 + j).mul(d1).fma(xj, acc1);
                }
            }
            out[outOff + r] = Simd.sum(acc0, lanes);
            out[outOff + r + half] = Simd.sum(acc1, lanes);
        }
        for (r = from + 2 * half; r < to; r++) {
            long o0 = r * rowBytes;
            FloatVector acc0 = FloatVector.zero(F);
            for (int b = 0; b < nb; b++) {
                long b0 = o0 + (long) b * BLOCK;
                long xo = xb + 4L * b * QK;
                FloatVector d0 = FloatVector.broadcast(F, Bits.f16(w, b0));
                for (int j = 0; j < QK; j += L) {
                    acc0 = widen(w, b0 + 2 + j).mul(d0).fma(xv(x, xo + 4L * j), acc0);
                }
            }
            out[outOff + r] = Simd.sum(acc0, lanes);
        }
    }

    /**
     * Rows r, r + q, r + 2q and r + 3q together: four memory streams per thread, far apart (see MatMul's class
     * comment; JMH from memory, 2 threads: 1.15-1.3x two streams). Returns the first row it did not do. Its own
     * method, used only for matrices larger than {@link #FOUR_STREAM_BYTES}, so that small models (whose weights
     * sit in cache, where streams do not matter) JIT-compile only the shorter loops: the whole of matVec in one
     * method took the embedded tiny model's first tokens from 150 to 100 tokens/s while C2 worked on it.
     */
    private static int fourStreams(MemorySegment w, long rowBytes, int nb, MemorySegment x, long xb, float[] out,
                                   int outOff, int from, int to, float[] lanes) {
        int q = (to - from) / 4;
        for (int r = from; r < from + q; r++) {
            long o0 = r * rowBytes, o1 = o0 + q * rowBytes, o2 = o1 + q * rowBytes, o3 = o2 + q * rowBytes;
            FloatVector acc0 = FloatVector.zero(F), acc1 = acc0, acc2 = acc0, acc3 = acc0;
            for (int b = 0; b < nb; b++) {
                long bo = (long) b * BLOCK;
                long xo = xb + 4L * b * QK;
                FloatVector d0 = FloatVector.broadcast(F, Bits.f16(w, o0 + bo));
                FloatVector d1 = FloatVector.broadcast(F, Bits.f16(w, o1 + bo));
                FloatVector d2 = FloatVector.broadcast(F, Bits.f16(w, o2 + bo));
                FloatVector d3 = FloatVector.broadcast(F, Bits.f16(w, o3 + bo));
                for (int j = 0; j < QK; j += L) {
                    FloatVector xj = xv(x, xo + 4L * j);
                    acc0 = widen(w, o0 + bo + 2 + j).mul(d0).fma(xj, acc0);
                    acc1 = widen(w, o1 + bo + 2 + j).mul(d1).fma(xj, acc1);
                    acc2 = widen(w, o2 + bo + 2 + j).mul(d2).fma(xj, acc2);
                    acc3 = widen(w, o3 + bo + 2 + j).mul(d3).fma(xj, acc3);
                }
            }
            out[outOff + r] = Simd.sum(acc0, lanes);
            out[outOff + r + q] = Simd.sum(acc1, lanes);
            out[outOff + r + 2 * q] = Simd.sum(acc2, lanes);
            out[outOff + r + 3 * q] = Simd.sum(acc3, lanes);
        }
        return from + 4 * q;
    }

    @Override
    public void matVec4(MemorySegment w, long rowBytes, int cols, MemorySegment x, int x0, int x1, int x2, int x3,
                        float[] out, int o0, int o1, int o2, int o3, int from, int to) {
        float[] lanes = Simd.LANES.get();
        int nb = cols / QK;
        long xb0 = 4L * x0, xb1 = 4L * x1, xb2 = 4L * x2, xb3 = 4L * x3;
        for (int r = from; r < to; r++) {
            long row = r * rowBytes;
            FloatVector a0 = FloatVector.zero(F), a1 = a0, a2 = a0, a3 = a0;
            for (int b = 0; b < nb; b++) {
                long blk = row + (long) b * BLOCK;
                long xo = 4L * b * QK;
                FloatVector d = FloatVector.broadcast(F, Bits.f16(w, blk));
                for (int j = 0; j < QK; j += L) {
                    FloatVector wv = widen(w, blk + 2 + j).mul(d);
                    long xj = xo + 4L * j;
                    a0 = wv.fma(xv(x, xb0 + xj), a0);
                    a1 = wv.fma(xv(x, xb1 + xj), a1);
                    a2 = wv.fma(xv(x, xb2 + xj), a2);
                    a3 = wv.fma(xv(x, xb3 + xj), a3);
                }
            }
            out[o0 + r] = Simd.sum(a0, lanes);
            out[o1 + r] = Simd.sum(a1, lanes);
            out[o2 + r] = Simd.sum(a2, lanes);
            out[o3 + r] = Simd.sum(a3, lanes);
        }
    }

    @Override
    public void matVec8(MemorySegment w, long rowBytes, int cols, MemorySegment x, int[] xOff, float[] out,
                        int[] outOff, int from, int to) {
        float[] lanes = Simd.LANES.get();
        int nb = cols / QK;
        long xb0 = 4L * xOff[0], xb1 = 4L * xOff[1], xb2 = 4L * xOff[2], xb3 = 4L * xOff[3];
        long xb4 = 4L * xOff[4], xb5 = 4L * xOff[5], xb6 = 4L * xOff[6], xb7 = 4L * xOff[7];
        for (int r = from; r < to; r++) {
            long row = r * rowBytes;
            FloatVector a0 = FloatVector.zero(F), a1 = a0, a2 = a0, a3 = a0, a4 = a0, a5 = a0, a6 = a0, a7 = a0;
            for (int b = 0; b < nb; b++) {
                long blk = row + (long) b * BLOCK;
                long xo = 4L * b * QK;
                FloatVector d = FloatVector.broadcast(F, Bits.f16(w, blk));
                for (int j = 0; j < QK; j += L) {
                    FloatVector wv = widen(w, blk + 2 + j).mul(d);
                    long xj = xo + 4L * j;
                    a0 = wv.fma(xv(x, xb0 + xj), a0);
                    a1 = wv.fma(xv(x, xb1 + xj), a1);
                    a2 = wv.fma(xv(x, xb2 + xj), a2);
                    a3 = wv.fma(xv(x, xb3 + xj), a3);
                    a4 = wv.fma(xv(x, xb4 + xj), a4);
                    a5 = wv.fma(xv(x, xb5 + xj), a5);
                    a6 = wv.fma(xv(x, xb6 + xj), a6);
                    a7 = wv.fma(xv(x, xb7 + xj), a7);
                }
            }
            out[outOff[0] + r] = Simd.sum(a0, lanes);
            out[outOff[1] + r] = Simd.sum(a1, lanes);
            out[outOff[2] + r] = Simd.sum(a2, lanes);
            out[outOff[3] + r] = Simd.sum(a3, lanes);
            out[outOff[4] + r] = Simd.sum(a4, lanes);
            out[outOff[5] + r] = Simd.sum(a5, lanes);
            out[outOff[6] + r] = Simd.sum(a6, lanes);
            out[outOff[7] + r] = Simd.sum(a7, lanes);
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
