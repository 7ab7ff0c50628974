package io.phi4j.tensor;

import java.lang.foreign.MemorySegment;

/**
 * ggml block_q8_K (256 elements, 292 bytes): float32 d, 256 int8 quants, 16 int16 sums of each 16 quants
 * (llama.cpp quantizes activations to this type for K-quant dot products). value = d * q. Quantized as
 * quantize_row_q8_K_ref: d = max / -127 (max being the signed value of largest magnitude), q = nearest_int.
 */
final class Q8_KCodec implements BlockCodec {
    private static final int QK_K = 256;
    private static final int BLOCK_BYTES = 292;
    private static final int QS = 4;
    private static final int BSUMS = 260;

    @Override
    public GgmlType type() {
        return GgmlType.Q8_K;
    }

    @Override
    public void dequantize(MemorySegment segment, long offset, float[] dst, int dstOffset, int count) {
        int nb = Le.blocks(type(), count);
        for (int b = 0; b < nb; b++) {
            long blk = offset + (long) b * BLOCK_BYTES;
            float d = segment.get(Le.FLOAT, blk);
            int out = dstOffset + b * QK_K;
            for (int j = 0; j < QK_K; j++) {
                dst[out + j] = d * Le.i8(segment, blk + QS + j);
            }
        }
    }

    @Override
    public float dot(MemorySegment segment, long offset, float[] x, int xOffset, int count) {
        int nb = Le.blocks(type(), count);
        float sum = 0f;
        for (int b = 0; b < nb; b++) {
            long blk = offset + (long) b * BLOCK_BYTES;
            int in = xOffset + b * QK_K;
            float part = 0f;
            for (int j = 0; j < QK_K; j++) {
                part += Le.i8(segment, blk + QS + j) * x[in + j];
            }
            sum += segment.get(Le.FLOAT, blk) * part;
        }
        return sum;
    }

    @Override
    public void quantize(float[] src, int srcOffset, MemorySegment segment, long offset, int count) {
        int nb = Le.blocks(type(), count);
        for (int b = 0; b < nb; b++) {
            int in = srcOffset + b * QK_K;
            long blk = offset + (long) b * BLOCK_BYTES;
            float max = 0;
            float amax = 0;
            for (int j = 0; j < QK_K; ++j) {
                float ax = Math.abs(src[in + j]);
                if (ax > amax) {
                    amax = ax;
                    max = src[in + j];
                }
            }
            if (amax == 0) {
                // ggml leaves bsums untouched here; we write zeros so the output is deterministic.
                segment.asSlice(blk, BLOCK_BYTES).fill((byte) 0);
                continue;
            }
            float iscale = -127.f / max;
            for (int j = 0; j < QK_K / 16; ++j) {
                int sum = 0;
                for (int ii = 0; ii < 16; ++ii) {
                    int v = (byte) Math.min(127, QuantMath.nearestInt(iscale * src[in + 16 * j + ii]));
                    Le.putU8(segment, blk + QS + 16 * j + ii, v);
                    sum += v;
                }
                segment.set(Le.SHORT, blk + BSUMS + 2L * j, (short) sum);
            }
            segment.set(Le.FLOAT, blk, 1 / iscale);
        }
    }
}
