package io.phi4j.tensor;

import java.lang.foreign.MemorySegment;

/**
 * ggml block_q5_K (256 elements, 176 bytes): fp16 d, fp16 dmin, 12 bytes of packed 6-bit scales/mins, 32 bytes qh,
 * 128 bytes of low nibbles laid out as in Q4_K. The 5th bit of element 64c + l is bit 2c of qh[l], of element
 * 64c + 32 + l bit 2c + 1. value = d * sc * q - dmin * m. Quantized as quantize_row_q5_K_ref
 * (make_qkx2_quants with nmax 31, rmin -0.5, 15 steps).
 */
final class Q5_KCodec implements BlockCodec {
    private static final int BLOCK_BYTES = 176;
    private static final int QH = 16;
    private static final int QS = 48;

    @Override
    public GgmlType type() {
        return GgmlType.Q5_K;
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
                int u1 = 1 << (2 * c);
                int u2 = 2 << (2 * c);
                for (int l = 0; l < 32; l++) {
                    int v = Le.u8(segment, blk + QS + 32L * c + l);
                    int h = Le.u8(segment, blk + QH + l);
                    dst[out + 64 * c + l] = d1 * ((v & 0xF) + ((h & u1) != 0 ? 16 : 0)) - m1;
                    dst[out + 64 * c + 32 + l] = d2 * ((v >>> 4) + ((h & u2) != 0 ? 16 : 0)) - m2;
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
                int u1 = 1 << (2 * c);
                int u2 = 2 << (2 * c);
                float lo = 0f;
                float hi = 0f;
                float xlo = 0f;
                float xhi = 0f;
                for (int l = 0; l < 32; l++) {
                    int v = Le.u8(segment, blk + QS + 32L * c + l);
                    int h = Le.u8(segment, blk + QH + l);
                    float a = x[in + 64 * c + l];
                    float bx = x[in + 64 * c + 32 + l];
                    lo += ((v & 0xF) + ((h & u1) != 0 ? 16 : 0)) * a;
                    hi += ((v >>> 4) + ((h & u2) != 0 ? 16 : 0)) * bx;
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
            float[] dd = KQuants.chooseScales(src, in, 31, -0.5f, 15, levels, packed);
            short dBits = Fp16.fromFloat(dd[0]);
            short dminBits = Fp16.fromFloat(dd[1]);
            KQuants.requantize(src, in, 31, dBits, dminBits, packed, levels);
            segment.set(Le.SHORT, blk, dBits);
            segment.set(Le.SHORT, blk + 2, dminBits);
            MemorySegment.copy(packed, 0, segment, java.lang.foreign.ValueLayout.JAVA_BYTE, blk + 4, KQuants.SCALE_BYTES);
            int[] qh = new int[32];
            for (int c = 0; c < 4; c++) {
                int m1 = 1 << (2 * c);
                int m2 = 2 << (2 * c);
                for (int j = 0; j < 32; j++) {
                    int l1 = levels[64 * c + j];
                    if (l1 > 15) {
                        l1 -= 16;
                        qh[j] |= m1;
                    }
                    int l2 = levels[64 * c + j + 32];
                    if (l2 > 15) {
                        l2 -= 16;
                        qh[j] |= m2;
                    }
                    Le.putU8(segment, blk + QS + 32L * c + j, l1 | (l2 << 4));
                }
            }
            for (int j = 0; j < 32; j++) {
                Le.putU8(segment, blk + QH + j, qh[j]);
            }
        }
    }
}
