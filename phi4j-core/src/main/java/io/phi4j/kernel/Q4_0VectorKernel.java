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
 * widen once to int lanes, which give both nibbles (and 15, shift 4): one widening shuffle per 2L weights. Each
 * weight is dequantised in registers with one fma, {@code q * d - 8d}, which rounds once to exactly the codec's
 * {@code (q - 8) * d}; the token loops then only multiply and add. Decoding a block is most of the work (the
 * path is compute-bound on 2 cores), so the four-token kernel decodes each block once for four tokens and per
 * token does the same operations in the same order as the one-token kernel: the same bits.
 *
 * <p>The eight-token kernel ({@link #matVec8Interleaved}) takes two rows by eight tokens, sixteen accumulators,
 * each x load serving both rows, and reads x from one block-interleaved copy (eight tokens' 32 floats per block,
 * side by side). Earlier eight-token kernels were no faster than two four-token passes (0.86-1.19x in JMH, commit
 * 516217a), for two reasons found since: eight separate x rows need eight address registers on top of the
 * kernel's own, and a lane sum through {@code Simd.sum} boxes every accumulator it is passed (JMH {@code -prof
 * gc}: 768 bytes per row). With one x pointer and the sums stored and added inline it is 1.62x two four-token
 * passes in cache (JMH, 512 x 2560, 1 thread) and 1.56x from memory (10240 x 2560, 2 threads, same run). Helper
 * methods that take or return vectors are avoided in it for the same reason: C2 inlines the Vector API's own
 * {@code @ForceInline} methods past its size budgets, then refuses ordinary helpers, and every vector crossing a
 * call left in place is boxed. On AVX2 (16 registers) it takes one row at a time (1.1x two passes).
 */
final class Q4_0VectorKernel implements WeightKernel {
    private static final int QK = 32;
    private static final int BLOCK = 18;
    /** Two rows per pass in the eight-token kernel: 16 accumulators and their temporaries need 32 registers. */
    private static final boolean TWO_ROWS = L >= 16;
    /** The (up to sixteen) accumulators of {@link #matVec8Interleaved}, stored for their lane sums. */
    private static final ThreadLocal<float[]> SUMS = ThreadLocal.withInitial(() -> new float[16 * L]);

    @Override
    public GgmlType type() {
        return GgmlType.Q4_0;
    }

    @Override
    public void matVec(MemorySegment w, long rowBytes, int cols, MemorySegment x, int xOff, float[] out, int outOff,
                       int from, int to) {
        float[] lanes = Simd.LANES.get();
        int nb = cols / QK;
        long xb = 4L * xOff;
        // Rows r and r + half together, sharing the x loads: two memory streams per thread (see MatMul).
        int half = (to - from) / 2;
        for (int r = from; r < from + half; r++) {
            long row0 = r * rowBytes, row1 = row0 + half * rowBytes;
            FloatVector acc0 = FloatVector.zero(F), acc1 = FloatVector.zero(F);
            for (int b = 0; b < nb; b++) {
                long blk0 = row0 + (long) b * BLOCK, blk1 = row1 + (long) b * BLOCK;
                long xo = xb + 4L * b * QK;
                FloatVector d0 = FloatVector.broadcast(F, Bits.f16(w, blk0));
                FloatVector d1 = FloatVector.broadcast(F, Bits.f16(w, blk1));
                FloatVector m8d0 = d0.mul(-8f), m8d1 = d1.mul(-8f);
                for (int j = 0; j < QK / 2; j += L) {
                    FloatVector xl = xv(x, xo + 4L * j), xh = xv(x, xo + 4L * (j + QK / 2));
                    IntVector q0 = widen(w, blk0 + 2 + j), q1 = widen(w, blk1 + 2 + j);
                    acc0 = low(q0, d0, m8d0).fma(xl, acc0);
                    acc0 = high(q0, d0, m8d0).fma(xh, acc0);
                    acc1 = low(q1, d1, m8d1).fma(xl, acc1);
                    acc1 = high(q1, d1, m8d1).fma(xh, acc1);
                }
            }
            out[outOff + r] = Simd.sum(acc0, lanes);
            out[outOff + r + half] = Simd.sum(acc1, lanes);
        }
        for (int r = from + 2 * half; r < to; r++) {
            long row = r * rowBytes;
            FloatVector acc = FloatVector.zero(F);
            for (int b = 0; b < nb; b++) {
                long blk = row + (long) b * BLOCK;
                long xo = xb + 4L * b * QK;
                FloatVector d = FloatVector.broadcast(F, Bits.f16(w, blk));
                FloatVector m8d = d.mul(-8f);
                for (int j = 0; j < QK / 2; j += L) {
                    IntVector q = widen(w, blk + 2 + j);
                    acc = low(q, d, m8d).fma(xv(x, xo + 4L * j), acc);
                    acc = high(q, d, m8d).fma(xv(x, xo + 4L * (j + QK / 2)), acc);
                }
            }
            out[outOff + r] = Simd.sum(acc, lanes);
        }
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
                FloatVector m8d = d.mul(-8f);
                for (int j = 0; j < QK / 2; j += L) {
                    IntVector q = widen(w, blk + 2 + j);
                    FloatVector lo = low(q, d, m8d), hi = high(q, d, m8d);
                    long lj = xo + 4L * j, hj = xo + 4L * (j + QK / 2);
                    a0 = lo.fma(xv(x, xb0 + lj), a0);
                    a0 = hi.fma(xv(x, xb0 + hj), a0);
                    a1 = lo.fma(xv(x, xb1 + lj), a1);
                    a1 = hi.fma(xv(x, xb1 + hj), a1);
                    a2 = lo.fma(xv(x, xb2 + lj), a2);
                    a2 = hi.fma(xv(x, xb2 + hj), a2);
                    a3 = lo.fma(xv(x, xb3 + lj), a3);
                    a3 = hi.fma(xv(x, xb3 + hj), a3);
                }
            }
            out[o0 + r] = Simd.sum(a0, lanes);
            out[o1 + r] = Simd.sum(a1, lanes);
            out[o2 + r] = Simd.sum(a2, lanes);
            out[o3 + r] = Simd.sum(a3, lanes);
        }
    }

    @Override
    public boolean interleavesEight() {
        return true;
    }

    /**
     * Two rows by eight tokens, x block-interleaved (see {@link WeightKernel#matVec8Interleaved}): each block is
     * decoded once and costs two fmas per token, with every token's fmas in {@link #matVec}'s order. Written
     * without helper calls so C2 keeps all sixteen accumulators in registers (see the class comment).
     */
    @Override
    public void matVec8Interleaved(MemorySegment w, long rowBytes, int cols, MemorySegment xi, long xiOff,
                                   float[] out, int[] outOff, int from, int to) {
        float[] sums = SUMS.get();
        int nb = cols / QK;
        // Rows r and r + half (two memory streams, as in matVec), sixteen accumulators: each x load serves both.
        // With 16 vector registers (AVX2) sixteen accumulators would spill: one row at a time there.
        int half = TWO_ROWS ? (to - from) / 2 : 0;
        for (int r = from; r < from + half; r++) {
            long row0 = r * rowBytes, row1 = row0 + half * rowBytes;
            FloatVector a0 = FloatVector.zero(F), a1 = a0, a2 = a0, a3 = a0, a4 = a0, a5 = a0, a6 = a0, a7 = a0;
            FloatVector c0 = a0, c1 = a0, c2 = a0, c3 = a0, c4 = a0, c5 = a0, c6 = a0, c7 = a0;
            for (int b = 0; b < nb; b++) {
                long blk0 = row0 + (long) b * BLOCK, blk1 = row1 + (long) b * BLOCK;
                long xo = xiOff + (long) b * (8 * QK * 4);
                FloatVector d0 = FloatVector.broadcast(F, Bits.f16(w, blk0));
                FloatVector d1 = FloatVector.broadcast(F, Bits.f16(w, blk1));
                FloatVector m8d0 = d0.mul(-8f), m8d1 = d1.mul(-8f);
                for (int j = 0; j < QK / 2; j += L) {
                    IntVector q0 = (IntVector) ByteVector.fromMemorySegment(B, w, blk0 + 2 + j, LE)
                            .convertShape(VectorOperators.ZERO_EXTEND_B2I, Simd.I, 0);
                    IntVector q1 = (IntVector) ByteVector.fromMemorySegment(B, w, blk1 + 2 + j, LE)
                            .convertShape(VectorOperators.ZERO_EXTEND_B2I, Simd.I, 0);
                    FloatVector lo0 = ((FloatVector) q0.and(0x0F).convertShape(VectorOperators.I2F, F, 0))
                            .fma(d0, m8d0);
                    FloatVector hi0 = ((FloatVector) q0.lanewise(VectorOperators.LSHR, 4)
                            .convertShape(VectorOperators.I2F, F, 0)).fma(d0, m8d0);
                    FloatVector lo1 = ((FloatVector) q1.and(0x0F).convertShape(VectorOperators.I2F, F, 0))
                            .fma(d1, m8d1);
                    FloatVector hi1 = ((FloatVector) q1.lanewise(VectorOperators.LSHR, 4)
                            .convertShape(VectorOperators.I2F, F, 0)).fma(d1, m8d1);
                    long lj = xo + 4L * j, hj = xo + 4L * (j + QK / 2);
                    FloatVector x;
                    x = FloatVector.fromMemorySegment(F, xi, lj + 0, Simd.NATIVE);
                    a0 = lo0.fma(x, a0);
                    c0 = lo1.fma(x, c0);
                    x = FloatVector.fromMemorySegment(F, xi, hj + 0, Simd.NATIVE);
                    a0 = hi0.fma(x, a0);
                    c0 = hi1.fma(x, c0);
                    x = FloatVector.fromMemorySegment(F, xi, lj + 128, Simd.NATIVE);
                    a1 = lo0.fma(x, a1);
                    c1 = lo1.fma(x, c1);
                    x = FloatVector.fromMemorySegment(F, xi, hj + 128, Simd.NATIVE);
                    a1 = hi0.fma(x, a1);
                    c1 = hi1.fma(x, c1);
                    x = FloatVector.fromMemorySegment(F, xi, lj + 256, Simd.NATIVE);
                    a2 = lo0.fma(x, a2);
                    c2 = lo1.fma(x, c2);
                    x = FloatVector.fromMemorySegment(F, xi, hj + 256, Simd.NATIVE);
                    a2 = hi0.fma(x, a2);
                    c2 = hi1.fma(x, c2);
                    x = FloatVector.fromMemorySegment(F, xi, lj + 384, Simd.NATIVE);
                    a3 = lo0.fma(x, a3);
                    c3 = lo1.fma(x, c3);
                    x = FloatVector.fromMemorySegment(F, xi, hj + 384, Simd.NATIVE);
                    a3 = hi0.fma(x, a3);
                    c3 = hi1.fma(x, c3);
                    x = FloatVector.fromMemorySegment(F, xi, lj + 512, Simd.NATIVE);
                    a4 = lo0.fma(x, a4);
                    c4 = lo1.fma(x, c4);
                    x = FloatVector.fromMemorySegment(F, xi, hj + 512, Simd.NATIVE);
                    a4 = hi0.fma(x, a4);
                    c4 = hi1.fma(x, c4);
                    x = FloatVector.fromMemorySegment(F, xi, lj + 640, Simd.NATIVE);
                    a5 = lo0.fma(x, a5);
                    c5 = lo1.fma(x, c5);
                    x = FloatVector.fromMemorySegment(F, xi, hj + 640, Simd.NATIVE);
                    a5 = hi0.fma(x, a5);
                    c5 = hi1.fma(x, c5);
                    x = FloatVector.fromMemorySegment(F, xi, lj + 768, Simd.NATIVE);
                    a6 = lo0.fma(x, a6);
                    c6 = lo1.fma(x, c6);
                    x = FloatVector.fromMemorySegment(F, xi, hj + 768, Simd.NATIVE);
                    a6 = hi0.fma(x, a6);
                    c6 = hi1.fma(x, c6);
                    x = FloatVector.fromMemorySegment(F, xi, lj + 896, Simd.NATIVE);
                    a7 = lo0.fma(x, a7);
                    c7 = lo1.fma(x, c7);
                    x = FloatVector.fromMemorySegment(F, xi, hj + 896, Simd.NATIVE);
                    a7 = hi0.fma(x, a7);
                    c7 = hi1.fma(x, c7);
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

    /**
     * The rows {@link #matVec8Interleaved} does not take in pairs, one at a time. A method of its own: in one
     * method with the two-row loop the code was too large for C1 ("out of virtual registers"), and a method C1
     * cannot compile with profiling may stay in its slow first-tier code (Vector API calls not intrinsified) instead
     * of reaching C2 — with 512 columns it did, at 2% of the speed.
     */
    private static void oneRowOfEight(MemorySegment w, long rowBytes, int nb, MemorySegment xi, long xiOff,
                                      float[] out, int[] outOff, int from, int to, float[] sums) {
        for (int r = from; r < to; r++) {
            long row = r * rowBytes;
            FloatVector a0 = FloatVector.zero(F), a1 = a0, a2 = a0, a3 = a0, a4 = a0, a5 = a0, a6 = a0, a7 = a0;
            for (int b = 0; b < nb; b++) {
                long blk = row + (long) b * BLOCK;
                long xo = xiOff + (long) b * (8 * QK * 4);
                FloatVector d = FloatVector.broadcast(F, Bits.f16(w, blk));
                FloatVector m8d = d.mul(-8f);
                for (int j = 0; j < QK / 2; j += L) {
                    IntVector q = (IntVector) ByteVector.fromMemorySegment(B, w, blk + 2 + j, LE)
                            .convertShape(VectorOperators.ZERO_EXTEND_B2I, Simd.I, 0);
                    FloatVector lo = ((FloatVector) q.and(0x0F).convertShape(VectorOperators.I2F, F, 0)).fma(d, m8d);
                    FloatVector hi = ((FloatVector) q.lanewise(VectorOperators.LSHR, 4)
                            .convertShape(VectorOperators.I2F, F, 0)).fma(d, m8d);
                    long lj = xo + 4L * j, hj = xo + 4L * (j + QK / 2);
                    a0 = lo.fma(FloatVector.fromMemorySegment(F, xi, lj + 0, Simd.NATIVE), a0);
                    a0 = hi.fma(FloatVector.fromMemorySegment(F, xi, hj + 0, Simd.NATIVE), a0);
                    a1 = lo.fma(FloatVector.fromMemorySegment(F, xi, lj + 128, Simd.NATIVE), a1);
                    a1 = hi.fma(FloatVector.fromMemorySegment(F, xi, hj + 128, Simd.NATIVE), a1);
                    a2 = lo.fma(FloatVector.fromMemorySegment(F, xi, lj + 256, Simd.NATIVE), a2);
                    a2 = hi.fma(FloatVector.fromMemorySegment(F, xi, hj + 256, Simd.NATIVE), a2);
                    a3 = lo.fma(FloatVector.fromMemorySegment(F, xi, lj + 384, Simd.NATIVE), a3);
                    a3 = hi.fma(FloatVector.fromMemorySegment(F, xi, hj + 384, Simd.NATIVE), a3);
                    a4 = lo.fma(FloatVector.fromMemorySegment(F, xi, lj + 512, Simd.NATIVE), a4);
                    a4 = hi.fma(FloatVector.fromMemorySegment(F, xi, hj + 512, Simd.NATIVE), a4);
                    a5 = lo.fma(FloatVector.fromMemorySegment(F, xi, lj + 640, Simd.NATIVE), a5);
                    a5 = hi.fma(FloatVector.fromMemorySegment(F, xi, hj + 640, Simd.NATIVE), a5);
                    a6 = lo.fma(FloatVector.fromMemorySegment(F, xi, lj + 768, Simd.NATIVE), a6);
                    a6 = hi.fma(FloatVector.fromMemorySegment(F, xi, hj + 768, Simd.NATIVE), a6);
                    a7 = lo.fma(FloatVector.fromMemorySegment(F, xi, lj + 896, Simd.NATIVE), a7);
                    a7 = hi.fma(FloatVector.fromMemorySegment(F, xi, hj + 896, Simd.NATIVE), a7);
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

    /** Low nibbles as weights: {@code q * d - 8d}, one rounding, the codec's {@code (q - 8) * d} exactly. */
    private static FloatVector low(IntVector q, FloatVector d, FloatVector m8d) {
        return toFloat(q.and(0x0F)).fma(d, m8d);
    }

    /** High nibbles as weights (the bytes are zero-extended, so the shift needs no mask). */
    private static FloatVector high(IntVector q, FloatVector d, FloatVector m8d) {
        return toFloat(q.lanewise(VectorOperators.LSHR, 4)).fma(d, m8d);
    }

    /** L nibble bytes, zero-extended to int lanes. */
    private static IntVector widen(MemorySegment w, long offset) {
        return (IntVector) ByteVector.fromMemorySegment(B, w, offset, LE)
                .convertShape(VectorOperators.ZERO_EXTEND_B2I, Simd.I, 0);
    }

    private static FloatVector toFloat(IntVector q) {
        return (FloatVector) q.convertShape(VectorOperators.I2F, F, 0);
    }

    @Override
    public void decode(MemorySegment w, long offset, int count, float[] dst, int dstOff) {
        for (int b = 0; b < count / QK; b++) {
            long blk = offset + (long) b * BLOCK;
            FloatVector d = FloatVector.broadcast(F, Bits.f16(w, blk));
            FloatVector m8d = d.mul(-8f);
            int o = dstOff + b * QK;
            for (int j = 0; j < QK / 2; j += L) {
                IntVector q = widen(w, blk + 2 + j);
                low(q, d, m8d).intoArray(dst, o + j);
                high(q, d, m8d).intoArray(dst, o + j + QK / 2);
            }
        }
    }
}
