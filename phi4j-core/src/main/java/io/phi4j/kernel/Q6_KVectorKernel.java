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
 * Q6_K (256-element super-blocks: 128 bytes low nibbles ql, 64 bytes high bit pairs qh, 16 int8 scales, fp16 d;
 * value = d * scale[i / 16] * (q - 32)) with vectors. In each 128-element half, L bytes of ql[l], ql[l + 32] and
 * qh[l] give the four runs l, l + 32, l + 64, l + 96; the 6-bit levels are assembled in byte lanes, then widened.
 */
final class Q6_KVectorKernel implements WeightKernel {
    private static final int BLOCK = 210;
    private static final int QH = 128;
    private static final int SCALES = 192;
    private static final int D = 208;

    @Override
    public GgmlType type() {
        return GgmlType.Q6_K;
    }

    @Override
    public void matVec(MemorySegment w, long rowBytes, int cols, float[] x, int xOff, float[] out, int outOff,
                       int from, int to) {
        int nb = cols / KBlocks.QK_K;
        for (int r = from; r < to; r++) {
            long row = r * rowBytes;
            FloatVector acc = FloatVector.zero(F);
            for (int b = 0; b < nb; b++) {
                long blk = row + (long) b * BLOCK;
                float d = Bits.f16(w, blk + D);
                int xb = xOff + b * KBlocks.QK_K;
                for (int h = 0; h < 2; h++) {
                    long ql = blk + 64L * h, qh = blk + QH + 32L * h;
                    long sc = blk + SCALES + 8L * h;
                    int xh = xb + 128 * h;
                    for (int l = 0; l < 32; l += L) {
                        ByteVector a = ByteVector.fromMemorySegment(B, w, ql + l, LE);
                        ByteVector c = ByteVector.fromMemorySegment(B, w, ql + 32 + l, LE);
                        ByteVector hb = ByteVector.fromMemorySegment(B, w, qh + l, LE);
                        int g = l / 16;
                        acc = level1(a, hb).mul(FloatVector.fromArray(F, x, xh + l))
                                .fma(FloatVector.broadcast(F, d * Bits.i8(w, sc + g)), acc);
                        acc = level2(c, hb).mul(FloatVector.fromArray(F, x, xh + 32 + l))
                                .fma(FloatVector.broadcast(F, d * Bits.i8(w, sc + 2 + g)), acc);
                        acc = level3(a, hb).mul(FloatVector.fromArray(F, x, xh + 64 + l))
                                .fma(FloatVector.broadcast(F, d * Bits.i8(w, sc + 4 + g)), acc);
                        acc = level4(c, hb).mul(FloatVector.fromArray(F, x, xh + 96 + l))
                                .fma(FloatVector.broadcast(F, d * Bits.i8(w, sc + 6 + g)), acc);
                    }
                }
            }
            out[outOff + r] = acc.reduceLanes(VectorOperators.ADD);
        }
    }

    private static FloatVector widen(ByteVector q) {
        return (FloatVector) q.sub((byte) 32).convertShape(VectorOperators.B2F, F, 0);
    }

    private static FloatVector level1(ByteVector a, ByteVector hb) {
        return widen(a.and((byte) 0x0F).or(Simd.shiftLeftMasked(hb, 4, (byte) 0x30)));
    }

    private static FloatVector level2(ByteVector c, ByteVector hb) {
        return widen(c.and((byte) 0x0F).or(Simd.shiftLeftMasked(hb, 2, (byte) 0x30)));
    }

    private static FloatVector level3(ByteVector a, ByteVector hb) {
        return widen(Simd.highNibbles(a).or(hb.and((byte) 0x30)));
    }

    private static FloatVector level4(ByteVector c, ByteVector hb) {
        return widen(Simd.highNibbles(c).or(Simd.shiftRightMasked(hb, 2, (byte) 0x30)));
    }

    @Override
    public void decode(MemorySegment w, long offset, int count, float[] dst, int dstOff) {
        for (int b = 0; b < count / KBlocks.QK_K; b++) {
            long blk = offset + (long) b * BLOCK;
            float d = Bits.f16(w, blk + D);
            int o = dstOff + b * KBlocks.QK_K;
            for (int h = 0; h < 2; h++) {
                long ql = blk + 64L * h, qh = blk + QH + 32L * h;
                long sc = blk + SCALES + 8L * h;
                int oh = o + 128 * h;
                for (int l = 0; l < 32; l += L) {
                    ByteVector a = ByteVector.fromMemorySegment(B, w, ql + l, LE);
                    ByteVector c = ByteVector.fromMemorySegment(B, w, ql + 32 + l, LE);
                    ByteVector hb = ByteVector.fromMemorySegment(B, w, qh + l, LE);
                    int g = l / 16;
                    level1(a, hb).mul(d * Bits.i8(w, sc + g)).intoArray(dst, oh + l);
                    level2(c, hb).mul(d * Bits.i8(w, sc + 2 + g)).intoArray(dst, oh + 32 + l);
                    level3(a, hb).mul(d * Bits.i8(w, sc + 4 + g)).intoArray(dst, oh + 64 + l);
                    level4(c, hb).mul(d * Bits.i8(w, sc + 6 + g)).intoArray(dst, oh + 96 + l);
                }
            }
        }
    }
}
