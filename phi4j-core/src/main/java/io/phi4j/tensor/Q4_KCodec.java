package io.phi4j.tensor;

import java.lang.foreign.MemorySegment;

/**
 * ggml block_q4_K (256 elements, 144 bytes): fp16 d, fp16 dmin, 12 bytes of packed 6-bit scales/mins for 8
 * sub-blocks of 32, then 128 bytes of nibbles. Each 64-element chunk c uses 32 bytes: element 64c + l is the low
 * nibble of byte l, element 64c + 32 + l the high nibble. value = d * sc * q - dmin * m.
 * Quantized as quantize_row_q4_K_ref (make_qkx2_quants with nmax 15, rmin -1, 20 steps).
 */
final class Q4_KCodec implements BlockCodec {
    private static final int BLOCK_BYTES = 144;
    private static final int QS = 16;

    @Override
    public GgmlType type() {
        return GgmlType.Q4_K;
    }

    @Override
    public void dequantize(MemorySegment segment, long offset, float[] dst, int dstOffset, int count) {
        int nb = Le.blocks(type(), count);
        for (int b = 0; b < nb; b++) {
            long blk = offset + (long) b * BLOCK_BYTES;
            float d = Le.f16(segment, blk);
            float min = Le.f16(segment, blk + 2);
            long sc = blk + 4;
            int out = dstOffset + b * KQuants.QK_K;
            for (int c = 0; c < 4; c++) {
                float d1 = d * KQuants.scale(segment, sc, 2 * c);
                float m1 = min * KQuants.min(segment, sc, 2 * c);
                float d2 = d * KQuants.scale(segment, sc, 2 * c + 1);
                float m2 = min * KQuants.min(segment, sc, 2 * c + 1);
                long q = blk + QS + 32L * c;
                for (int l = 0; l < 32; l++) {
                    int v = Le.u8(segment, q + l);
                    dst[out + 64 * c + l] = d1 * (v & 0xF) - m1;
                    dst[out + 64 * c + 32 + l] = d2 * (v >>> 4) - m2;
                }
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
            float min = Le.f16(segment, blk + 2);
            long sc = blk + 4;
            int in = xOffset + b * KQuants.QK_K;
            for (int c = 0; c < 4; c++) {
                long q = blk + QS + 32L * c;
                float lo = 0f;
                float hi = 0f;
                float xlo = 0f;
                float xhi = 0f;
                for (int l = 0; l < 32; l++) {
                    int v = Le.u8(segment, q + l);
                    float a = x[in + 64 * c + l];
                    float bx = x[in + 64 * c + 32 + l];
                    lo += (v & 0xF) * a;
                    hi += (v >>> 4) * bx;
                    xlo += a;
                    xhi += bx;
                }
                sum += d * KQuants.scale(segment, sc, 2 * c) * lo - min * KQuants.min(segment, sc, 2 * c) * xlo;
                sum += d * KQuants.scale(segment, sc, 2 * c + 1) * hi - min * KQuants.min(segment, sc, 2 * c + 1) * xhi;
            }
        }
        return sum;
    }

    @Override
    public void quantize(float[] src, int srcOffset, MemorySegment segment, long offset, int count) {
        int nb = Le.blocks(type(), count);
        byte[] levels = new byte[KQuants.QK_K];
        byte[] packed = new byte[KQuants.SCALE_BYTES];
        for (int b = 0; b < nb; b++) {
            int in = srcOffset + b * KQuants.QK_K;
            long blk = offset + (long) b * BLOCK_BYTES;
            float[] dd = KQuants.chooseScales(src, in, 15, -1.f, 20, levels, packed);
            short dBits = Fp16.fromFloat(dd[0]);
            short dminBits = Fp16.fromFloat(dd[1]);
            KQuants.requantize(src, in, 15, dBits, dminBits, packed, levels);
            segment.set(Le.SHORT, blk, dBits);
            segment.set(Le.SHORT, blk + 2, dminBits);
            MemorySegment.copy(packed, 0, segment, java.lang.foreign.ValueLayout.JAVA_BYTE, blk + 4, KQuants.SCALE_BYTES);
            for (int c = 0; c < 4; c++) {
                for (int l = 0; l < 32; l++) {
                    Le.putU8(segment, blk + QS + 32L * c + l, levels[64 * c + l] | (levels[64 * c + l + 32] << 4));
                }
            }
        }
    }
}
