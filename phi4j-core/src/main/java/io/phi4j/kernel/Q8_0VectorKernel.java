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
 * same order as the one-token kernel: the same bits. With 32 vector registers the eight-token pass is
 * {@link #matVec8Interleaved} (two rows, x block-interleaved): 1.3-1.4x {@link #matVec8} from memory (JMH, 10240 x
 * 2560, 2 threads, 247-265 against 189-190 matmuls/s, old and new jar in the same session).
 */
final class Q8_0VectorKernel implements WeightKernel {
    private static final int QK = 32;
    private static final int BLOCK = 34;
    /** The interleaved eight-token kernel takes two rows per pass: 16 accumulators need 32 vector registers. */
    private static final boolean TWO_ROWS = L >= 16;
    private static final ThreadLocal<float[]> SUMS = ThreadLocal.withInitial(() -> new float[16 * L]);

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

    @Override
    public boolean interleavesEight() {
        return TWO_ROWS;
    }

    /**
     * Two rows by eight tokens over block-interleaved x, as Q4_0's kernel (see its class comment for why one x
     * pointer, no helper calls, and the lane sums inline); only with 32 vector registers.
     */
    @Override
    public void matVec8Interleaved(MemorySegment w, long rowBytes, int cols, MemorySegment xi, long xiOff,
                                   float[] out, int[] outOff, int from, int to) {
        float[] sums = SUMS.get();
        int nb = cols / QK;
        int half = (to - from) / 2;
        for (int r = from; r < from + half; r++) {
            long row0 = r * rowBytes, row1 = row0 + half * rowBytes;
            FloatVector a0 = FloatVector.zero(F), a1 = a0, a2 = a0, a3 = a0, a4 = a0, a5 = a0, a6 = a0, a7 = a0;
            FloatVector c0 = a0, c1 = a0, c2 = a0, c3 = a0, c4 = a0, c5 = a0, c6 = a0, c7 = a0;
            for (int b = 0; b < nb; b++) {
                long blk0 = row0 + (long) b * BLOCK, blk1 = row1 + (long) b * BLOCK;
                long xo = xiOff + (long) b * (8 * QK * 4);
                FloatVector d0 = FloatVector.broadcast(F, Bits.f16(w, blk0));
                FloatVector d1 = FloatVector.broadcast(F, Bits.f16(w, blk1));
                for (int j = 0; j < QK; j += L) {
                    FloatVector wv0 = ((FloatVector) ByteVector.fromMemorySegment(B, w, blk0 + 2 + j, LE)
                            .convertShape(VectorOperators.B2F, F, 0)).mul(d0);
                    FloatVector wv1 = ((FloatVector) ByteVector.fromMemorySegment(B, w, blk1 + 2 + j, LE)
                            .convertShape(VectorOperators.B2F, F, 0)).mul(d1);
                    long xj = xo + 4L * j;
                    FloatVector x;
                    x = FloatVector.fromMemorySegment(F, xi, xj + 0, Simd.NATIVE);
                    a0 = wv0.fma(x, a0);
                    c0 = wv1.fma(x, c0);
                    x = FloatVector.fromMemorySegment(F, xi, xj + 128, Simd.NATIVE);
                    a1 = wv0.fma(x, a1);
                    c1 = wv1.fma(x, c1);
                    x = FloatVector.fromMemorySegment(F, xi, xj + 256, Simd.NATIVE);
                    a2 = wv0.fma(x, a2);
                    c2 = wv1.fma(x, c2);
                    x = FloatVector.fromMemorySegment(F, xi, xj + 384, Simd.NATIVE);
                    a3 = wv0.fma(x, a3);
                    c3 = wv1.fma(x, c3);
                    x = FloatVector.fromMemorySegment(F, xi, xj + 512, Simd.NATIVE);
                    a4 = wv0.fma(x, a4);
                    c4 = wv1.fma(x, c4);
                    x = FloatVector.fromMemorySegment(F, xi, xj + 640, Simd.NATIVE);
                    a5 = wv0.fma(x, a5);
                    c5 = wv1.fma(x, c5);
                    x = FloatVector.fromMemorySegment(F, xi, xj + 768, Simd.NATIVE);
                    a6 = wv0.fma(x, a6);
                    c6 = wv1.fma(x, c6);
                    x = FloatVector.fromMemorySegment(F, xi, xj + 896, Simd.NATIVE);
                    a7 = wv0.fma(x, a7);
                    c7 = wv1.fma(x, c7);
                }
            }
            a0.intoArray(sums, 0 * L);
            a1.intoArray(sums, 1 * L);
            a2.intoArray(sums, 2 * L);
            a3.intoArray(sums, 3 * L);
            a4.intoArray(sums, 4 * L);
            a5.intoArray(sums, 5 * L);
            a6.intoArray(sums, 6 * L);
            a7.intoArray(sums, 7 * L);
            c0.intoArray(sums, 8 * L);
            c1.intoArray(sums, 9 * L);
            c2.intoArray(sums, 10 * L);
            c3.intoArray(sums, 11 * L);
            c4.intoArray(sums, 12 * L);
            c5.intoArray(sums, 13 * L);
            c6.intoArray(sums, 14 * L);
            c7.intoArray(sums, 15 * L);
            Simd.storeSums(sums, 16, out, outOff, r, r + half);
        }
        if (from + 2 * half < to) {
            oneRowOfEight(w, rowBytes, nb, xi, xiOff, out, outOff, from + 2 * half, to, sums);
        }
    }

    /** The odd row of {@link #matVec8Interleaved} (a method of its own for C1: see Q4_0VectorKernel's). */
    private static void oneRowOfEight(MemorySegment w, long rowBytes, int nb, MemorySegment xi, long xiOff,
                                      float[] out, int[] outOff, int from, int to, float[] sums) {
        for (int r = from; r < to; r++) {
            long row = r * rowBytes;
            FloatVector a0 = FloatVector.zero(F), a1 = a0, a2 = a0, a3 = a0, a4 = a0, a5 = a0, a6 = a0, a7 = a0;
            for (int b = 0; b < nb; b++) {
                long blk = row + (long) b * BLOCK;
                long xo = xiOff + (long) b * (8 * QK * 4);
                FloatVector d = FloatVector.broadcast(F, Bits.f16(w, blk));
                for (int j = 0; j < QK; j += L) {
                    FloatVector wv = ((FloatVector) ByteVector.fromMemorySegment(B, w, blk + 2 + j, LE)
                            .convertShape(VectorOperators.B2F, F, 0)).mul(d);
                    long xj = xo + 4L * j;
                    a0 = wv.fma(FloatVector.fromMemorySegment(F, xi, xj + 0, Simd.NATIVE), a0);
                    a1 = wv.fma(FloatVector.fromMemorySegment(F, xi, xj + 128, Simd.NATIVE), a1);
                    a2 = wv.fma(FloatVector.fromMemorySegment(F, xi, xj + 256, Simd.NATIVE), a2);
                    a3 = wv.fma(FloatVector.fromMemorySegment(F, xi, xj + 384, Simd.NATIVE), a3);
                    a4 = wv.fma(FloatVector.fromMemorySegment(F, xi, xj + 512, Simd.NATIVE), a4);
                    a5 = wv.fma(FloatVector.fromMemorySegment(F, xi, xj + 640, Simd.NATIVE), a5);
                    a6 = wv.fma(FloatVector.fromMemorySegment(F, xi, xj + 768, Simd.NATIVE), a6);
                    a7 = wv.fma(FloatVector.fromMemorySegment(F, xi, xj + 896, Simd.NATIVE), a7);
                }
            }
            a0.intoArray(sums, 0 * L);
            a1.intoArray(sums, 1 * L);
            a2.intoArray(sums, 2 * L);
            a3.intoArray(sums, 3 * L);
            a4.intoArray(sums, 4 * L);
            a5.intoArray(sums, 5 * L);
            a6.intoArray(sums, 6 * L);
            a7.intoArray(sums, 7 * L);
            Simd.storeSums(sums, 8, out, outOff, r, r);
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
