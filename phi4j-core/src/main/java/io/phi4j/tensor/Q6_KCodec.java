package io.phi4j.tensor;

import java.lang.foreign.MemorySegment;

/**
 * ggml block_q6_K (256 elements, 210 bytes): 128 bytes ql (low 4 bits), 64 bytes qh (high 2 bits), 16 int8
 * scales (one per 16 elements), fp16 d. In each 128-element half h, for l in 0..31: element l takes ql[l] low
 * nibble and qh[l] bits 0-1, element l+32 ql[l+32] low / bits 2-3, element l+64 ql[l] high / bits 4-5, element
 * l+96 ql[l+32] high / bits 6-7. value = d * scale * (q - 32). Quantized as quantize_row_q6_K_ref
 * (make_qx_quants with nmax 32 and rmse_type 1 per 16 elements, scales to int8 against -128 / max).
 */
final class Q6_KCodec implements BlockCodec {
    private static final int QK_K = 256;
    private static final int BLOCK_BYTES = 210;
    private static final int QH = 128;
    private static final int SCALES = 192;
    private static final int D = 208;

    @Override
    public GgmlType type() {
        return GgmlType.Q6_K;
    }

    /** The 6-bit level (0..63) of element {@code i} (0..255) of the block at {@code blk}. */
    private static int level(MemorySegment s, long blk, int i) {
        int half = i >>> 7;
        int r = i & 127;
        int quarter = r >>> 5;
        int l = r & 31;
        long ql = blk + 64L * half + l + (quarter & 1) * 32L;
        int low = (quarter < 2) ? Le.u8(s, ql) & 0xF : Le.u8(s, ql) >>> 4;
        int high = (Le.u8(s, blk + QH + 32L * half + l) >>> (2 * quarter)) & 3;
        return low | (high << 4);
    }

    @Override
    public void dequantize(MemorySegment segment, long offset, float[] dst, int dstOffset, int count) {
        int nb = Le.blocks(type(), count);
        for (int b = 0; b < nb; b++) {
            long blk = offset + (long) b * BLOCK_BYTES;
            float d = Le.f16(segment, blk + D);
            int out = dstOffset + b * QK_K;
            for (int i = 0; i < QK_K; i++) {
                int sc = Le.i8(segment, blk + SCALES + i / 16);
                dst[out + i] = d * sc * (level(segment, blk, i) - 32);
            }
        }
    }

    @Override
    public float dot(MemorySegment segment, long offset, float[] x, int xOffset, int count) {
        int nb = Le.blocks(type(), count);
        float sum = 0f;
        for (int b = 0; b < nb; b++) {
            long blk = offset + (long) b * BLOCK_BYTES;
            float d = Le.f16(segment, blk + D);
            int in = xOffset + b * QK_K;
            for (int g = 0; g < QK_K / 16; g++) {
                float part = 0f;
                for (int i = 16 * g; i < 16 * g + 16; i++) {
                    part += (level(segment, blk, i) - 32) * x[in + i];
                }
                sum += d * Le.i8(segment, blk + SCALES + g) * part;
            }
        }
        return sum;
    }

    @Override
    public void quantize(float[] src, int srcOffset, MemorySegment segment, long offset, int count) {
        int nb = Le.blocks(type(), count);
        byte[] levels = new byte[QK_K];
        float[] scales = new float[QK_K / 16];
        for (int b = 0; b < nb; b++) {
            int in = srcOffset + b * QK_K;
            long blk = offset + (long) b * BLOCK_BYTES;
            float maxScale = 0;
            float maxAbsScale = 0;
            for (int ib = 0; ib < QK_K / 16; ++ib) {
                float scale = QuantMath.makeQxQuantsRmse1(16, 32, src, in + 16 * ib, levels, 16 * ib);
                scales[ib] = scale;
                float abs = Math.abs(scale);
                if (abs > maxAbsScale) {
                    maxAbsScale = abs;
                    maxScale = scale;
                }
            }
            if (maxAbsScale < 1e-15f) { // GROUP_MAX_EPS: ggml zeroes the whole block
                segment.asSlice(blk, BLOCK_BYTES).fill((byte) 0);
                continue;
            }
            float iscale = -128.f / maxScale;
            short dBits = Fp16.fromFloat(1 / iscale);
            segment.set(Le.SHORT, blk + D, dBits);
            byte[] sc = new byte[QK_K / 16];
            for (int ib = 0; ib < QK_K / 16; ++ib) {
                sc[ib] = (byte) Math.min(127, QuantMath.nearestInt(iscale * scales[ib]));
                Le.putU8(segment, blk + SCALES + ib, sc[ib]);
            }
            float dAll = Fp16.toFloat(dBits);
            for (int j = 0; j < QK_K / 16; ++j) {
                float d = dAll * sc[j];
                if (d == 0) {
                    continue;
                }
                for (int ii = 0; ii < 16; ++ii) {
                    int l = QuantMath.nearestInt(src[in + 16 * j + ii] / d);
                    levels[16 * j + ii] = (byte) (Math.max(-32, Math.min(31, l)) + 32);
                }
            }
            for (int half = 0; half < 2; half++) {
                int j = 128 * half;
                for (int l = 0; l < 32; ++l) {
                    int q1 = levels[j + l];
                    int q2 = levels[j + l + 32];
                    int q3 = levels[j + l + 64];
                    int q4 = levels[j + l + 96];
                    Le.putU8(segment, blk + 64L * half + l, (q1 & 0xF) | ((q3 & 0xF) << 4));
                    Le.putU8(segment, blk + 64L * half + l + 32, (q2 & 0xF) | ((q4 & 0xF) << 4));
                    Le.putU8(segment, blk + QH + 32L * half + l,
                            (q1 >> 4) | ((q2 >> 4) << 2) | ((q3 >> 4) << 4) | ((q4 >> 4) << 6));
                }
            }
        }
    }
}
