package io.phi4j.tensor;

import java.lang.foreign.MemorySegment;

/**
 * ggml block_q5_0: fp16 scale d, 4 bytes qh (bit i = 5th bit of element i, little-endian uint32), then 16 bytes
 * of low nibbles (element j low, j + 16 high); value = (q - 16) * d. Quantized as quantize_row_q5_0_ref:
 * d = max / -16, q = min(31, (int8) (x / d + 16.5)).
 */
final class Q5_0Codec implements BlockCodec {
    private static final int QK = 32;
    private static final int BLOCK_BYTES = 22;

    @Override
    public GgmlType type() {
        return GgmlType.Q5_0;
    }

    @Override
    public void dequantize(MemorySegment segment, long offset, float[] dst, int dstOffset, int count) {
        int nb = Le.blocks(type(), count);
        for (int b = 0; b < nb; b++) {
            long blk = offset + (long) b * BLOCK_BYTES;
            float d = Le.f16(segment, blk);
            int qh = segment.get(Le.INT, blk + 2);
            int out = dstOffset + b * QK;
            for (int j = 0; j < QK / 2; j++) {
                int q = Le.u8(segment, blk + 6 + j);
                int x0 = ((q & 0x0F) | (((qh >>> j) & 1) << 4)) - 16;
                int x1 = ((q >>> 4) | (((qh >>> (j + 16)) & 1) << 4)) - 16;
                dst[out + j] = x0 * d;
                dst[out + j + QK / 2] = x1 * d;
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
            int qh = segment.get(Le.INT, blk + 2);
            int in = xOffset + b * QK;
            float blockSum = 0f;
            for (int j = 0; j < QK / 2; j++) {
                int q = Le.u8(segment, blk + 6 + j);
                int x0 = ((q & 0x0F) | (((qh >>> j) & 1) << 4)) - 16;
                int x1 = ((q >>> 4) | (((qh >>> (j + 16)) & 1) << 4)) - 16;
                blockSum += x0 * x[in + j] + x1 * x[in + j + QK / 2];
            }
            sum += blockSum * d;
        }
        return sum;
    }

    @Override
    public void quantize(float[] src, int srcOffset, MemorySegment segment, long offset, int count) {
        int nb = Le.blocks(type(), count);
        for (int b = 0; b < nb; b++) {
            int in = srcOffset + b * QK;
            long blk = offset + (long) b * BLOCK_BYTES;
            float amax = 0f;
            float max = 0f;
            for (int j = 0; j < QK; j++) {
                float v = src[in + j];
                if (amax < Math.abs(v)) {
                    amax = Math.abs(v);
                    max = v;
                }
            }
            float d = max / -16;
            float id = d != 0 ? 1.0f / d : 0.0f;
            Le.putF16(segment, blk, d);
            int qh = 0;
            for (int j = 0; j < QK / 2; j++) {
                int q0 = Math.min(31, QuantMath.truncToByte(src[in + j] * id + 16.5f)) & 0xFF;
                int q1 = Math.min(31, QuantMath.truncToByte(src[in + QK / 2 + j] * id + 16.5f)) & 0xFF;
                Le.putU8(segment, blk + 6 + j, (q0 & 0x0F) | ((q1 & 0x0F) << 4));
                qh |= ((q0 & 0x10) >>> 4) << j;
                qh |= ((q1 & 0x10) >>> 4) << (j + QK / 2);
            }
            segment.set(Le.INT, blk + 2, qh);
        }
    }
}
