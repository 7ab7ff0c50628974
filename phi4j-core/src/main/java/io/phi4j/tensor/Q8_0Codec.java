package io.phi4j.tensor;

import java.lang.foreign.MemorySegment;

/**
 * ggml block_q8_0: fp16 scale d, then 32 int8 quants; value = q * d. Quantized as quantize_row_q8_0_ref:
 * d = amax / 127, q = roundf(x / d).
 */
final class Q8_0Codec implements BlockCodec {
    private static final int QK = 32;
    private static final int BLOCK_BYTES = 34;

    @Override
    public GgmlType type() {
        return GgmlType.Q8_0;
    }

    @Override
    public void dequantize(MemorySegment segment, long offset, float[] dst, int dstOffset, int count) {
        int nb = Le.blocks(type(), count);
        for (int b = 0; b < nb; b++) {
            long blk = offset + (long) b * BLOCK_BYTES;
            float d = Le.f16(segment, blk);
            int out = dstOffset + b * QK;
            for (int j = 0; j < QK; j++) {
                dst[out + j] = Le.i8(segment, blk + 2 + j) * d;
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
            for (int j = 0; j < QK; j++) {
                blockSum += Le.i8(segment, blk + 2 + j) * x[in + j];
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
            for (int j = 0; j < QK; j++) {
                amax = Math.max(amax, Math.abs(src[in + j]));
            }
            float d = amax / ((1 << 7) - 1);
            float id = d != 0 ? 1.0f / d : 0.0f;
            Le.putF16(segment, blk, d);
            for (int j = 0; j < QK; j++) {
                Le.putU8(segment, blk + 2 + j, QuantMath.truncToByte(QuantMath.roundf(src[in + j] * id)));
            }
        }
    }
}
