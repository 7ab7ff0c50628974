package io.phi4j.kernel;

import io.phi4j.tensor.GgmlType;
import jdk.incubator.vector.ByteVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

import static io.phi4j.kernel.Simd.B;
import static io.phi4j.kernel.Simd.F;
import static io.phi4j.kernel.Simd.L;
import static io.phi4j.kernel.Simd.LE;

/**
 * Q6_K (256-element super-blocks: 128 bytes low nibbles ql, 64 bytes high bit pairs qh, 16 int8 scales, fp16 d;
 * value = d * scale[i / 16] * (q - 32)) with vectors. In each 128-element half, L bytes of ql[l], ql[l + 32] and
 * qh[l] give the four runs l, l + 32, l + 64, l + 96; the 6-bit levels are assembled in byte lanes, then widened.
 *
 * <p>Each 16-weight run is scaled once in registers, {@code (q - 32) * (d * scale)} — the codec's dequantised
 * value, bit for bit, as {@link #decode} gives the prefill path — and then costs one fma per token. Scaling each
 * product instead ({@code (q - 32) * x}, then an fma with the scale) took two operations per token: the
 * eight-token kernel is 1.40-1.43x faster this way (JMH, 51200 x 2560, 2 threads, from memory, 20.6-22.6 against
 * 29.5-31.7 matmuls/s, old and new jar alternating; one token unchanged, it waits on memory).
 *
 * <p>Decoding is most of the work (about 16 vector operations per 32 weights against 2 per token), so the
 * four-token kernel decodes each block once for four tokens: eight tokens in two four-token passes take 0.4x the
 * time of eight one-token passes (the 51200 x 2560 output matrix of Phi-2 is Q6_K in Q4_0 files). The
 * eight-token kernel reads x block-interleaved ({@link #matVec8Interleaved}, one x pointer for all tokens):
 * 1.1-1.3x two four-token passes when products were scaled. An earlier one with eight separate x rows ran no
 * faster than two four-token passes, and one looping over the tokens with the accumulators in memory was 1.4x
 * slower.
 */
final class Q6_KVectorKernel implements WeightKernel {
    private static final int BLOCK = 210;
    private static final int QH = 128;
    private static final int SCALES = 192;
    private static final int D = 208;
    private static final ThreadLocal<float[]> ACC = ThreadLocal.withInitial(() -> new float[L]);
    /** matVec4's four accumulators, L floats each. */
    private static final ThreadLocal<float[]> ACC4 = ThreadLocal.withInitial(() -> new float[4 * L]);
    /** matVec8Interleaved's eight accumulators. */
    private static final ThreadLocal<float[]> ACC8 = ThreadLocal.withInitial(() -> new float[8 * L]);
    /** Eight accumulators and the decode temporaries fit in 32 vector registers, not in AVX2's 16. */
    private static final boolean EIGHT = L >= 16;
    /** Bytes of one 32-column slice of block-interleaved x: 8 tokens × 32 floats. */
    private static final long SLICE = 8 * 32 * 4;

    @Override
    public GgmlType type() {
        return GgmlType.Q6_K;
    }

    @Override
    public void matVec(MemorySegment w, long rowBytes, int cols, MemorySegment x, int xOff, float[] out, int outOff,
                       int from, int to) {
        int nb = cols / KBlocks.QK_K;
        float[] acc = ACC.get();
        for (int r = from; r < to; r++) {
            long row = r * rowBytes;
            java.util.Arrays.fill(acc, 0f);
            for (int b = 0; b < nb; b++) {
                blockDot(w, row + (long) b * BLOCK, x, xOff + b * KBlocks.QK_K, acc);
            }
            out[outOff + r] = laneSum(acc, 0);
        }
    }

    /**
     * Each block decoded once for four tokens: {@link #matVec}'s structure with {@link #twoRuns4} for
     * {@link #twoRuns}. Token i's accumulator is {@code acc[i * L ..]} and gets exactly the operations
     * {@link #matVec} gives its own, in the same order, so each output has the same bits as the token alone.
     */
    @Override
    public void matVec4(MemorySegment w, long rowBytes, int cols, MemorySegment x, int x0, int x1, int x2, int x3,
                        float[] out, int o0, int o1, int o2, int o3, int from, int to) {
        int nb = cols / KBlocks.QK_K;
        float[] acc = ACC4.get();
        for (int r = from; r < to; r++) {
            long row = r * rowBytes;
            java.util.Arrays.fill(acc, 0f);
            for (int b = 0; b < nb; b++) {
                long blk = row + (long) b * BLOCK;
                float d = Bits.f16(w, blk + D);
                for (int h = 0; h < 2; h++) {
                    long ql = blk + 64L * h, qh = blk + QH + 32L * h, sc = blk + SCALES + 8L * h;
                    int xh = b * KBlocks.QK_K + 128 * h;
                    twoRuns4(w, ql, qh, 0, d * Bits.i8(w, sc), d * Bits.i8(w, sc + 1), d * Bits.i8(w, sc + 4),
                            d * Bits.i8(w, sc + 5), x, x0, x1, x2, x3, xh, xh + 64, acc);
                    twoRuns4(w, ql + 32, qh, 2, d * Bits.i8(w, sc + 2), d * Bits.i8(w, sc + 3),
                            d * Bits.i8(w, sc + 6), d * Bits.i8(w, sc + 7), x, x0, x1, x2, x3, xh + 32, xh + 96, acc);
                }
            }
            out[o0 + r] = laneSum(acc, 0);
            out[o1 + r] = laneSum(acc, L);
            out[o2 + r] = laneSum(acc, 2 * L);
            out[o3 + r] = laneSum(acc, 3 * L);
        }
    }

    @Override
    public boolean interleavesEight() {
        return EIGHT;
    }

    /**
     * Eight tokens over block-interleaved x (see {@link WeightKernel#matVec8Interleaved}): {@link #matVec4}'s
     * structure with {@link #twoRuns8}, each token's accumulator getting {@link #matVec}'s operations in its order.
     */
    @Override
    public void matVec8Interleaved(MemorySegment w, long rowBytes, int cols, MemorySegment xi, long xiOff,
                                   float[] out, int[] outOff, int from, int to) {
        int nb = cols / KBlocks.QK_K;
        float[] acc = ACC8.get();
        for (int r = from; r < to; r++) {
            long row = r * rowBytes;
            java.util.Arrays.fill(acc, 0f);
            for (int b = 0; b < nb; b++) {
                long blk = row + (long) b * BLOCK;
                float d = Bits.f16(w, blk + D);
                for (int h = 0; h < 2; h++) {
                    long ql = blk + 64L * h, qh = blk + QH + 32L * h, sc = blk + SCALES + 8L * h;
                    // The half's columns b * 256 + 128 h .. + 128 are four 32-column slices of 1 KB each.
                    long xs = xiOff + (8L * b + 4L * h) * SLICE;
                    twoRuns8(w, ql, qh, 0, d * Bits.i8(w, sc), d * Bits.i8(w, sc + 1), d * Bits.i8(w, sc + 4),
                            d * Bits.i8(w, sc + 5), xi, xs, xs + 2 * SLICE, acc);
                    twoRuns8(w, ql + 32, qh, 2, d * Bits.i8(w, sc + 2), d * Bits.i8(w, sc + 3),
                            d * Bits.i8(w, sc + 6), d * Bits.i8(w, sc + 7), xi, xs + SLICE, xs + 3 * SLICE, acc);
                }
            }
            Simd.storeSums(acc, 8, out, outOff, r, r);
        }
    }

    /**
     * {@link #twoRuns4} for eight tokens whose x is block-interleaved: token t's run starts at byte
     * {@code xLo + 128 t} (low) and {@code xHi + 128 t} (high) of {@code xi}.
     */
    private static void twoRuns8(MemorySegment w, long q, long qh, int s, float lo0, float lo1, float hi0,
                                 float hi1, MemorySegment xi, long xLo, long xHi, float[] acc) {
        FloatVector a0 = FloatVector.fromArray(F, acc, 0 * L);
        FloatVector a1 = FloatVector.fromArray(F, acc, 1 * L);
        FloatVector a2 = FloatVector.fromArray(F, acc, 2 * L);
        FloatVector a3 = FloatVector.fromArray(F, acc, 3 * L);
        FloatVector a4 = FloatVector.fromArray(F, acc, 4 * L);
        FloatVector a5 = FloatVector.fromArray(F, acc, 5 * L);
        FloatVector a6 = FloatVector.fromArray(F, acc, 6 * L);
        FloatVector a7 = FloatVector.fromArray(F, acc, 7 * L);
        for (int l = 0; l < 32; l += L) {
            ByteVector a = ByteVector.fromMemorySegment(B, w, q + l, LE);
            ByteVector hb = ByteVector.fromMemorySegment(B, w, qh + l, LE);
            FloatVector lo = widen(a.and((byte) 0x0F).or(Simd.shiftLeftMasked(hb, 4 - s, (byte) 0x30)))
                    .mul(l < 16 ? lo0 : lo1);
            FloatVector hi = widen(Simd.highNibbles(a).or(Simd.shiftRightMasked(hb, s, (byte) 0x30)))
                    .mul(l < 16 ? hi0 : hi1);
            long xl = xLo + 4L * l, xh = xHi + 4L * l;
            a0 = lo.fma(FloatVector.fromMemorySegment(F, xi, xl + 0, Simd.NATIVE), a0);
            a0 = hi.fma(FloatVector.fromMemorySegment(F, xi, xh + 0, Simd.NATIVE), a0);
            a1 = lo.fma(FloatVector.fromMemorySegment(F, xi, xl + 128, Simd.NATIVE), a1);
            a1 = hi.fma(FloatVector.fromMemorySegment(F, xi, xh + 128, Simd.NATIVE), a1);
            a2 = lo.fma(FloatVector.fromMemorySegment(F, xi, xl + 256, Simd.NATIVE), a2);
            a2 = hi.fma(FloatVector.fromMemorySegment(F, xi, xh + 256, Simd.NATIVE), a2);
            a3 = lo.fma(FloatVector.fromMemorySegment(F, xi, xl + 384, Simd.NATIVE), a3);
            a3 = hi.fma(FloatVector.fromMemorySegment(F, xi, xh + 384, Simd.NATIVE), a3);
            a4 = lo.fma(FloatVector.fromMemorySegment(F, xi, xl + 512, Simd.NATIVE), a4);
            a4 = hi.fma(FloatVector.fromMemorySegment(F, xi, xh + 512, Simd.NATIVE), a4);
            a5 = lo.fma(FloatVector.fromMemorySegment(F, xi, xl + 640, Simd.NATIVE), a5);
            a5 = hi.fma(FloatVector.fromMemorySegment(F, xi, xh + 640, Simd.NATIVE), a5);
            a6 = lo.fma(FloatVector.fromMemorySegment(F, xi, xl + 768, Simd.NATIVE), a6);
            a6 = hi.fma(FloatVector.fromMemorySegment(F, xi, xh + 768, Simd.NATIVE), a6);
            a7 = lo.fma(FloatVector.fromMemorySegment(F, xi, xl + 896, Simd.NATIVE), a7);
            a7 = hi.fma(FloatVector.fromMemorySegment(F, xi, xh + 896, Simd.NATIVE), a7);
        }
        a0.intoArray(acc, 0 * L);
        a1.intoArray(acc, 1 * L);
        a2.intoArray(acc, 2 * L);
        a3.intoArray(acc, 3 * L);
        a4.intoArray(acc, 4 * L);
        a5.intoArray(acc, 5 * L);
        a6.intoArray(acc, 6 * L);
        a7.intoArray(acc, 7 * L);
    }

    /** {@link #matVec}'s sum of one accumulator's lanes, first to last. */
    private static float laneSum(float[] acc, int off) {
        float sum = 0f;
        for (int i = off; i < off + L; i++) {
            sum += acc[i];
        }
        return sum;
    }

    /**
     * {@link #twoRuns} for four tokens: token i reads {@code x[xi + xLo ..]} and {@code x[xi + xHi ..]} and
     * accumulates at {@code acc[i * L ..]}. The accumulators cross the call as an array, never as vectors (see
     * {@link #blockDot}).
     */
    private static void twoRuns4(MemorySegment w, long q, long qh, int s, float lo0, float lo1, float hi0,
                                 float hi1, MemorySegment x, int x0, int x1, int x2, int x3, int xLo, int xHi,
                                 float[] acc) {
        FloatVector a0 = FloatVector.fromArray(F, acc, 0);
        FloatVector a1 = FloatVector.fromArray(F, acc, L);
        FloatVector a2 = FloatVector.fromArray(F, acc, 2 * L);
        FloatVector a3 = FloatVector.fromArray(F, acc, 3 * L);
        for (int l = 0; l < 32; l += L) {
            ByteVector a = ByteVector.fromMemorySegment(B, w, q + l, LE);
            ByteVector hb = ByteVector.fromMemorySegment(B, w, qh + l, LE);
            FloatVector lo = widen(a.and((byte) 0x0F).or(Simd.shiftLeftMasked(hb, 4 - s, (byte) 0x30)))
                    .mul(l < 16 ? lo0 : lo1);
            FloatVector hi = widen(Simd.highNibbles(a).or(Simd.shiftRightMasked(hb, s, (byte) 0x30)))
                    .mul(l < 16 ? hi0 : hi1);
            long xl = 4L * (xLo + l), xh = 4L * (xHi + l);
            a0 = lo.fma(FloatVector.fromMemorySegment(F, x, 4L * x0 + xl, Simd.NATIVE), a0);
            a0 = hi.fma(FloatVector.fromMemorySegment(F, x, 4L * x0 + xh, Simd.NATIVE), a0);
            a1 = lo.fma(FloatVector.fromMemorySegment(F, x, 4L * x1 + xl, Simd.NATIVE), a1);
            a1 = hi.fma(FloatVector.fromMemorySegment(F, x, 4L * x1 + xh, Simd.NATIVE), a1);
            a2 = lo.fma(FloatVector.fromMemorySegment(F, x, 4L * x2 + xl, Simd.NATIVE), a2);
            a2 = hi.fma(FloatVector.fromMemorySegment(F, x, 4L * x2 + xh, Simd.NATIVE), a2);
            a3 = lo.fma(FloatVector.fromMemorySegment(F, x, 4L * x3 + xl, Simd.NATIVE), a3);
            a3 = hi.fma(FloatVector.fromMemorySegment(F, x, 4L * x3 + xh, Simd.NATIVE), a3);
        }
        a0.intoArray(acc, 0);
        a1.intoArray(acc, L);
        a2.intoArray(acc, 2 * L);
        a3.intoArray(acc, 3 * L);
    }

    /**
     * Adds one super-block's lane-wise products to {@code acc} (L floats). The 256 elements go in four calls of
     * {@link #twoRuns}: with the whole block in one method the vector code passes C2's node-count cutoff while
     * parsing, helpers stop being inlined and every vector crossing them is boxed (measured 20x slower). Only
     * scalars and the accumulator array cross these calls; the row's lanes are summed once, in order, at the end
     * (see {@link Simd#sum} for why not reduceLanes).
     */
    private static void blockDot(MemorySegment w, long blk, MemorySegment x, int xb, float[] acc) {
        float d = Bits.f16(w, blk + D);
        for (int h = 0; h < 2; h++) {
            long ql = blk + 64L * h, qh = blk + QH + 32L * h, sc = blk + SCALES + 8L * h;
            int xh = xb + 128 * h;
            // ql[l] holds runs l (low nibble, qh bits 0-1) and l + 64 (high nibble, bits 4-5); ql[l + 32] holds
            // runs l + 32 (bits 2-3) and l + 96 (bits 6-7).
            twoRuns(w, ql, qh, 0, d * Bits.i8(w, sc), d * Bits.i8(w, sc + 1), d * Bits.i8(w, sc + 4),
                    d * Bits.i8(w, sc + 5), x, xh, xh + 64, acc);
            twoRuns(w, ql + 32, qh, 2, d * Bits.i8(w, sc + 2), d * Bits.i8(w, sc + 3), d * Bits.i8(w, sc + 6),
                    d * Bits.i8(w, sc + 7), x, xh + 32, xh + 96, acc);
        }
    }

    /**
     * For l in 0..32: the low-nibble run {@code (q[l] & 15 | ((qh[l] >> s) & 3) << 4) - 32} against
     * {@code x[xLo + l]} and the high-nibble run {@code (q[l] >> 4 | ((qh[l] >> (s + 4)) & 3) << 4) - 32}
     * against {@code x[xHi + l]}, each 16 times its scale (lo0 for l < 16, lo1 after; hi0, hi1) first, the
     * dequantised weights, then multiplied by x and added to acc.
     */
    private static void twoRuns(MemorySegment w, long q, long qh, int s, float lo0, float lo1, float hi0, float hi1,
                                MemorySegment x, int xLo, int xHi, float[] accLanes) {
        FloatVector acc = FloatVector.fromArray(F, accLanes, 0);
        for (int l = 0; l < 32; l += L) {
            ByteVector a = ByteVector.fromMemorySegment(B, w, q + l, LE);
            ByteVector hb = ByteVector.fromMemorySegment(B, w, qh + l, LE);
            FloatVector lo = widen(a.and((byte) 0x0F).or(Simd.shiftLeftMasked(hb, 4 - s, (byte) 0x30)))
                    .mul(l < 16 ? lo0 : lo1);
            FloatVector hi = widen(Simd.highNibbles(a).or(Simd.shiftRightMasked(hb, s, (byte) 0x30)))
                    .mul(l < 16 ? hi0 : hi1);
            acc = lo.fma(FloatVector.fromMemorySegment(F, x, 4L * (xLo + l), Simd.NATIVE), acc);
            acc = hi.fma(FloatVector.fromMemorySegment(F, x, 4L * (xHi + l), Simd.NATIVE), acc);
        }
        acc.intoArray(accLanes, 0);
    }

    private static FloatVector widen(ByteVector q) {
        return (FloatVector) q.sub((byte) 32).convertShape(VectorOperators.B2F, F, 0);
    }

    @Override
    public void decode(MemorySegment w, long offset, int count, float[] dst, int dstOff) {
        for (int b = 0; b < count / KBlocks.QK_K; b++) {
            long blk = offset + (long) b * BLOCK;
            float d = Bits.f16(w, blk + D);
            int o = dstOff + b * KBlocks.QK_K;
            for (int h = 0; h < 2; h++) {
                long ql = blk + 64L * h, qh = blk + QH + 32L * h, sc = blk + SCALES + 8L * h;
                int oh = o + 128 * h;
                decodeTwoRuns(w, ql, qh, 0, d * Bits.i8(w, sc), d * Bits.i8(w, sc + 1), d * Bits.i8(w, sc + 4),
                        d * Bits.i8(w, sc + 5), dst, oh, oh + 64);
                decodeTwoRuns(w, ql + 32, qh, 2, d * Bits.i8(w, sc + 2), d * Bits.i8(w, sc + 3),
                        d * Bits.i8(w, sc + 6), d * Bits.i8(w, sc + 7), dst, oh + 32, oh + 96);
            }
        }
    }

    /** The two runs of {@link #twoRuns}, scaled, written to {@code dst[oLo..]} and {@code dst[oHi..]}. */
    private static void decodeTwoRuns(MemorySegment w, long q, long qh, int s, float lo0, float lo1, float hi0,
                                      float hi1, float[] dst, int oLo, int oHi) {
        for (int l = 0; l < 32; l += L) {
            ByteVector a = ByteVector.fromMemorySegment(B, w, q + l, LE);
            ByteVector hb = ByteVector.fromMemorySegment(B, w, qh + l, LE);
            widen(a.and((byte) 0x0F).or(Simd.shiftLeftMasked(hb, 4 - s, (byte) 0x30)))
                    .mul(l < 16 ? lo0 : lo1).intoArray(dst, oLo + l);
            widen(Simd.highNibbles(a).or(Simd.shiftRightMasked(hb, s, (byte) 0x30)))
                    .mul(l < 16 ? hi0 : hi1).intoArray(dst, oHi + l);
        }
    }
}
