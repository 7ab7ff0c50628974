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
 * <p>There is no eight-token kernel: none tried beat two four-token passes. Written like Q8_0's (helpers
 * {@code xv}, {@code low}, {@code high}, {@code Simd.sum}) it ran at a tenth of the speed: C2 inlines the Vector
 * API's own {@code @ForceInline} methods past its size budgets, but once a compilation passes DesiredMethodLimit /
 * NodeCountInliningCutoff it refuses ordinary helpers, and every vector crossing a call left in place is boxed
 * (JMH {@code -prof gc}: 96 bytes per vector). Without helper calls nothing is boxed, but one row of eight tokens
 * (also as low/high half passes) and two rows of eight (sixteen accumulators: each x load serves two rows) were
 * no faster than two four-token passes, 0.86-1.19x in JMH at 10240 x 2560 (1 and 2 threads, same runs; commit
 * 516217a has the two-row kernel); on AVX2 (16 registers) it took 1.23x the CPU time. Why is not settled: it was no
 * faster either with 512 or 1024 columns, where eight tokens of x fit in L1.
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
