package io.phi4j.tensor;

import java.lang.foreign.MemorySegment;

/**
 * ggml block_q5_1: fp16 scale d, fp16 min m, 4 bytes qh (5th bits), 16 bytes of low nibbles;
 * value = q * d + m. Quantized as quantize_row_q5_1_ref: d = (max - min) / 31,
 * q = (uint8) ((x - min) / d + 0.5) without a clamp (ggml has none here).
 */
final class Q5_1Codec implements BlockCodec {
    private static final int QK = 32;
    private static final int BLOCK_BYTES = 24;

    @Override
    public GgmlType type() {
        return GgmlType.Q5_1;
    }

    @Override
    public void dequantize(MemorySegment segment, long offset, float[] dst, int dstOffset, int count) {
        int nb = Le.blocks(type(), count);
        for (int b = 0; b < nb; b++) {
            long blk = offset + (long) b * BLOCK_BYTES;
            float d = Le.f16(segment, blk);
            float m = Le.f16(segment, blk + 2);
            int qh = segment.get(Le.INT, blk + 4);
            int out = dstOffset + b * QK;
            for (int j = 0; j < QK / 2; j++) {
                int q = Le.u8(segment, blk + 8 + j);
                int x0 = (q & 0x0F) | (((qh >>> j) & 1) << 4);
                int x1 = (q >>> 4) | (((qh >>> (j + 16)) & 1) << 4);
                dst[out + j] = x0 * d + m;
                dst[out + j + QK / 2] = x1 * d + m;
            }
        }
    }

    @Override
    public float dot(MemorySegment segment, long offset, float[] x, int xOffset, int count) {
        int nb = Le.blocks(type(), count);
        float sum = 0f;
        for (int b = 0; b < nb; b++) {
            long blk = offset + (long) b * BLOCK_BYTES;
            float d = Le.f16(segment, blk);
            float m = Le.f16(segment, blk + 2);
            int qh = segment.get(Le.INT, blk + 4);
            int in = xOffset + b * QK;
            float qx = 0f;
            float xs = 0f;
            for (int j = 0; j < QK / 2; j++) {
                int q = Le.u8(segment, blk + 8 + j);
                int q0 = (q & 0x0F) | (((qh >>> j) & 1) << 4);
                int q1 = (q >>> 4) | (((qh >>> (j + 16)) & 1) << 4);
                float x0 = x[in + j];
                float x1 = x[in + j + QK / 2];
                qx += q0 * x0 + q1 * x1;
                xs += x0 + x1;
            }
            sum += qx * d + xs * m;
        }
        return sum;
    }

    @Override
    public void quantize(float[] src, int srcOffset, MemorySegment segment, long offset, int count) {
        int nb = Le.blocks(type(), count);
        for (int b = 0; b < nb; b++) {
            int in = srcOffset + b * QK;
            long blk = offset + (long) b * BLOCK_BYTES;
            float min = Float.MAX_VALUE;
            float max = -Float.MAX_VALUE;
            for (int j = 0; j < QK; j++) {
                float v = src[in + j];
                if (v < min) {
                    min = v;
                }
                if (v > max) {
                    max = v;
                }
            }
            float d = (max - min) / ((1 << 5) - 1);
            float id = d != 0 ? 1.0f / d : 0.0f;
            Le.putF16(segment, blk, d);
            Le.putF16(segment, blk + 2, min);
            int qh = 0;
            for (int j = 0; j < QK / 2; j++) {
                int q0 = QuantMath.truncToByte((src[in + j] - min) * id + 0.5f) & 0xFF;
                int q1 = QuantMath.truncToByte((src[in + QK / 2 + j] - min) * id + 0.5f) & 0xFF;
                Le.putU8(segment, blk + 8 + j, (q0 & 0x0F) | ((q1 & 0x0F) << 4));
                qh |= ((q0 & 0x10) >>> 4) << j;
                qh |= ((q1 & 0x10) >>> 4) << (j + QK / 2);
            }
            segment.set(Le.INT, blk + 4, qh);
        }
    }
}
