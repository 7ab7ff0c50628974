package io.phi4j.tensor;

import java.lang.foreign.MemorySegment;

/**
 * ggml block_q4_0: fp16 scale d, then 16 bytes of nibbles. Byte j holds element j in its low nibble and element
 * j + 16 in its high nibble; value = (q - 8) * d. Quantized as quantize_row_q4_0_ref: d = max / -8 where max is
 * the signed value of largest magnitude, q = min(15, (int8) (x / d + 8.5)).
 */
final class Q4_0Codec implements BlockCodec {
    private static final int QK = 32;
    private static final int BLOCK_BYTES = 18;

    @Override
    public GgmlType type() {
        return GgmlType.Q4_0;
    }

    @Override
    public void dequantize(MemorySegment segment, long offset, float[] dst, int dstOffset, int count) {
        int nb = Le.blocks(type(), count);
        for (int b = 0; b < nb; b++) {
            long blk = offset + (long) b * BLOCK_BYTES;
            float d = Le.f16(segment, blk);
            int out = dstOffset + b * QK;
            for (int j = 0; j < QK / 2; j++) {
                int q = Le.u8(segment, blk + 2 + j);
                dst[out + j] = ((q & 0x0F) - 8) * d;
                dst[out + j + QK / 2] = ((q >>> 4) - 8) * d;
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
            int in = xOffset + b * QK;
            float blockSum = 0f;
            for (int j = 0; j < QK / 2; j++) {
                int q = Le.u8(segment, blk + 2 + j);
                blockSum += ((q & 0x0F) - 8) * x[in + j] + ((q >>> 4) - 8) * x[in + j + QK / 2];
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
            float d = max / -8;
            float id = d != 0 ? 1.0f / d : 0.0f;
            Le.putF16(segment, blk, d);
            for (int j = 0; j < QK / 2; j++) {
                int q0 = Math.min(15, QuantMath.truncToByte(src[in + j] * id + 8.5f)) & 0xFF;
                int q1 = Math.min(15, QuantMath.truncToByte(src[in + QK / 2 + j] * id + 8.5f)) & 0xFF;
                Le.putU8(segment, blk + 2 + j, q0 | (q1 << 4));
            }
        }
    }
}
