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
 * path is compute-bound on 2 cores), so the several-token kernels decode each block once for four or eight tokens
 * and per token do the same operations in the same order as the one-token kernel: the same bits.
 *
 * <p>The eight-token kernel is written with no helper methods of ours. An earlier one shaped like Q8_0's (helpers
 * {@code xv}, {@code low}, {@code high}, {@code Simd.sum}) ran at a tenth of the speed: C2 inlines the Vector
 * API's own methods ({@code @ForceInline}) past its size budgets, but once the compilation passes
 * DesiredMethodLimit / NodeCountInliningCutoff it refuses ordinary helpers, and every vector crossing a call that
 * is not inlined is boxed (a JMH {@code -prof gc} run shows it: 96 bytes per vector). It takes two rows per pass
 * as well, so each x load serves two rows: one row of eight tokens was no faster than two four-token passes.
 */
final class Q4_0VectorKernel implements WeightKernel {
    private static final int QK = 32;
    private static final int BLOCK = 18;
    /** Two rows of eight tokens need 16 accumulators and 4 weight vectors: 32 registers on AVX-512, 16 on AVX2. */
    private static final boolean TWO_ROWS_OF_EIGHT = L >= 16;
    /** The sixteen accumulators of {@link #matVec8}, stored for their lane sums. */
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
        for (int r = from; r < to; r++) {
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

    /**
     * Two rows by eight tokens per pass, sixteen accumulators; each row's accumulator for token t gets
     * {@link #matVec}'s fmas in its order (low half of block b, then its high half), so the bits are the token's
     * alone. On AVX2 (16 registers) the accumulators would spill: two {@link #matVec4} passes instead.
     */
    @Override
    public void matVec8(MemorySegment w, long rowBytes, int cols, MemorySegment x, int[] xOff, float[] out,
                        int[] outOff, int from, int to) {
        if (!TWO_ROWS_OF_EIGHT) {
            WeightKernel.super.matVec8(w, rowBytes, cols, x, xOff, out, outOff, from, to);
            return;
        }
        int nb = cols / QK;
        long xb0 = 4L * xOff[0], xb1 = 4L * xOff[1], xb2 = 4L * xOff[2], xb3 = 4L * xOff[3];
        long xb4 = 4L * xOff[4], xb5 = 4L * xOff[5], xb6 = 4L * xOff[6], xb7 = 4L * xOff[7];
        float[] sums = SUMS.get();
        int r = from;
        for (; r + 1 < to; r += 2) {
            long row0 = r * rowBytes, row1 = row0 + rowBytes;
            FloatVector a00 = FloatVector.zero(F), a01 = a00, a02 = a00, a03 = a00, a04 = a00, a05 = a00, a06 = a00,
                    a07 = a00, a10 = a00, a11 = a00, a12 = a00, a13 = a00, a14 = a00, a15 = a00, a16 = a00, a17 = a00;
            for (int b = 0; b < nb; b++) {
                long blk0 = row0 + (long) b * BLOCK, blk1 = row1 + (long) b * BLOCK;
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
                    long lj = 4L * (b * QK + j), hj = lj + 4L * (QK / 2);
                    FloatVector xl, xh;
                    xl = FloatVector.fromMemorySegment(F, x, xb0 + lj, Simd.NATIVE);
                    xh = FloatVector.fromMemorySegment(F, x, xb0 + hj, Simd.NATIVE);
                    a00 = hi0.fma(xh, lo0.fma(xl, a00));
                    a10 = hi1.fma(xh, lo1.fma(xl, a10));
                    xl = FloatVector.fromMemorySegment(F, x, xb1 + lj, Simd.NATIVE);
                    xh = FloatVector.fromMemorySegment(F, x, xb1 + hj, Simd.NATIVE);
                    a01 = hi0.fma(xh, lo0.fma(xl, a01));
                    a11 = hi1.fma(xh, lo1.fma(xl, a11));
                    xl = FloatVector.fromMemorySegment(F, x, xb2 + lj, Simd.NATIVE);
                    xh = FloatVector.fromMemorySegment(F, x, xb2 + hj, Simd.NATIVE);
                    a02 = hi0.fma(xh, lo0.fma(xl, a02));
                    a12 = hi1.fma(xh, lo1.fma(xl, a12));
                    xl = FloatVector.fromMemorySegment(F, x, xb3 + lj, Simd.NATIVE);
                    xh = FloatVector.fromMemorySegment(F, x, xb3 + hj, Simd.NATIVE);
                    a03 = hi0.fma(xh, lo0.fma(xl, a03));
                    a13 = hi1.fma(xh, lo1.fma(xl, a13));
                    xl = FloatVector.fromMemorySegment(F, x, xb4 + lj, Simd.NATIVE);
                    xh = FloatVector.fromMemorySegment(F, x, xb4 + hj, Simd.NATIVE);
                    a04 = hi0.fma(xh, lo0.fma(xl, a04));
                    a14 = hi1.fma(xh, lo1.fma(xl, a14));
                    xl = FloatVector.fromMemorySegment(F, x, xb5 + lj, Simd.NATIVE);
                    xh = FloatVector.fromMemorySegment(F, x, xb5 + hj, Simd.NATIVE);
                    a05 = hi0.fma(xh, lo0.fma(xl, a05));
                    a15 = hi1.fma(xh, lo1.fma(xl, a15));
                    xl = FloatVector.fromMemorySegment(F, x, xb6 + lj, Simd.NATIVE);
                    xh = FloatVector.fromMemorySegment(F, x, xb6 + hj, Simd.NATIVE);
                    a06 = hi0.fma(xh, lo0.fma(xl, a06));
                    a16 = hi1.fma(xh, lo1.fma(xl, a16));
                    xl = FloatVector.fromMemorySegment(F, x, xb7 + lj, Simd.NATIVE);
                    xh = FloatVector.fromMemorySegment(F, x, xb7 + hj, Simd.NATIVE);
                    a07 = hi0.fma(xh, lo0.fma(xl, a07));
                    a17 = hi1.fma(xh, lo1.fma(xl, a17));
                }
            }
            a00.intoArray(sums, 0 * L);
            a10.intoArray(sums, 1 * L);
            a01.intoArray(sums, 2 * L);
            a11.intoArray(sums, 3 * L);
            a02.intoArray(sums, 4 * L);
            a12.intoArray(sums, 5 * L);
            a03.intoArray(sums, 6 * L);
            a13.intoArray(sums, 7 * L);
            a04.intoArray(sums, 8 * L);
            a14.intoArray(sums, 9 * L);
            a05.intoArray(sums, 10 * L);
            a15.intoArray(sums, 11 * L);
            a06.intoArray(sums, 12 * L);
            a16.intoArray(sums, 13 * L);
            a07.intoArray(sums, 14 * L);
            a17.intoArray(sums, 15 * L);
            for (int t = 0; t < 8; t++) {
                out[outOff[t] + r] = laneSum(sums, 2 * t * L);
                out[outOff[t] + r + 1] = laneSum(sums, (2 * t + 1) * L);
            }
        }
        if (r < to) { // an odd last row
            matVec4(w, rowBytes, cols, x, xOff[0], xOff[1], xOff[2], xOff[3], out, outOff[0], outOff[1], outOff[2],
                    outOff[3], r, to);
            matVec4(w, rowBytes, cols, x, xOff[4], xOff[5], xOff[6], xOff[7], out, outOff[4], outOff[5], outOff[6],
                    outOff[7], r, to);
        }
    }

    /** {@link Simd#sum}'s additions (first lane to last) on lanes already stored at {@code sums[off ..]}. */
    private static float laneSum(float[] sums, int off) {
        float s = 0f;
        for (int i = 0; i < L; i++) {
            s += sums[off + i];
        }
        return s;
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
