package io.phi4j.tensor;

import java.lang.foreign.MemorySegment;

/**
 * ggml block_q4_1: fp16 scale d, fp16 min m, then 16 bytes of nibbles (element j low, j + 16 high);
 * value = q * d + m. Quantized as quantize_row_q4_1_ref: d = (max - min) / 15,
 * q = min(15, (int8) ((x - min) / d + 0.5)).
 */
final class Q4_1Codec implements BlockCodec {
    private static final int QK = 32;
    private static final int BLOCK_BYTES = 20;

    @Override
    public GgmlType type() {
        return GgmlType.Q4_1;
    }

    @Override
    public void dequantize(MemorySegment segment, long offset, float[] dst, int dstOffset, int count) {
        int nb = Le.blocks(type(), count);
        for (int b = 0; b < nb; b++) {
            long blk = offset + (long) b * BLOCK_BYTES;
            float d = Le.f16(segment, blk);
            float m = Le.f16(segment, blk + 2);
            int out = dstOffset + b * QK;
            for (int j = 0; j < QK / 2; j++) {
                int q = Le.u8(segment, blk + 4 + j);
                dst[out + j] = (q & 0x0F) * d + m;
                dst[out + j + QK / 2] = (q >>> 4) * d + m;
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
            int in = xOffset + b * QK;
            float qx = 0f;
            float xs = 0f;
            for (int j = 0; j < QK / 2; j++) {
                int q = Le.u8(segment, blk + 4 + j);
                float x0 = x[in + j];
                float x1 = x[in + j + QK / 2];
                qx += (q & 0x0F) * x0 + (q >>> 4) * x1;
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
            float d = (max - min) / ((1 << 4) - 1);
            float id = d != 0 ? 1.0f / d : 0.0f;
            Le.putF16(segment, blk, d);
            Le.putF16(segment, blk + 2, min);
            for (int j = 0; j < QK / 2; j++) {
                int q0 = Math.min(15, QuantMath.truncToByte((src[in + j] - min) * id + 0.5f)) & 0xFF;
                int q1 = Math.min(15, QuantMath.truncToByte((src[in + QK / 2 + j] - min) * id + 0.5f)) & 0xFF;
                Le.putU8(segment, blk + 4 + j, q0 | (q1 << 4));
            }
        }
    }
}
