package io.phi4j.tensor;

import java.lang.foreign.MemorySegment;

/**
 * Shared pieces of the Q4_K and Q5_K super-blocks (256 elements in 8 sub-blocks of 32): the 12-byte packing of
 * eight 6-bit scales and eight 6-bit mins (ggml's get_scale_min_k4), and the reference choice of those scales
 * (the first half of quantize_row_q4_K_ref / quantize_row_q5_K_ref).
 */
final class KQuants {
    static final int QK_K = 256;
    static final int SCALE_BYTES = 12;

    private KQuants() {
    }

    /** Sub-block {@code j}'s 6-bit scale, as ggml's get_scale_min_k4 reads it from the 12 packed bytes. */
    static int scale(byte[] q, int j) {
        return j < 4 ? q[j] & 63 : (q[j + 4] & 0xF) | (((q[j - 4] & 0xFF) >>> 6) << 4);
    }

    /** Sub-block {@code j}'s 6-bit min. */
    static int min(byte[] q, int j) {
        return j < 4 ? q[j + 4] & 63 : ((q[j + 4] & 0xFF) >>> 4) | (((q[j] & 0xFF) >>> 6) << 4);
    }

    /** Sub-block {@code j}'s scale read straight from the 12 packed bytes at {@code off} (no copy). */
    static int scale(MemorySegment s, long off, int j) {
        return j < 4 ? Le.u8(s, off + j) & 63 : (Le.u8(s, off + j + 4) & 0xF) | ((Le.u8(s, off + j - 4) >>> 6) << 4);
    }

    /** Sub-block {@code j}'s min read straight from the 12 packed bytes at {@code off}. */
    static int min(MemorySegment s, long off, int j) {
        return j < 4 ? Le.u8(s, off + j + 4) & 63 : (Le.u8(s, off + j + 4) >>> 4) | ((Le.u8(s, off + j) >>> 6) << 4);
    }

    /**
     * Chooses per-sub-block scales and mins with make_qkx2_quants (weights av_x + |x|), quantizes them to 6 bits
     * against the super-block maxima, packs them into {@code packed} (12 bytes) and returns {d, dmin} as the
     * floats to store in fp16. {@code levels} receives make_qkx2_quants' levels, which the caller keeps for
     * sub-blocks whose requantized scale turns out zero (as ggml does).
     */
    static float[] chooseScales(float[] x, int xOff, int nmax, float rmin, int nstep, byte[] levels, byte[] packed) {
        float[] weights = new float[32];
        byte[] aux = new byte[32];
        float[] theMin = new float[1];
        float[] scales = new float[QK_K / 32];
        float[] mins = new float[QK_K / 32];
        float maxScale = 0;
        float maxMin = 0;
        for (int j = 0; j < QK_K / 32; ++j) {
            int base = xOff + 32 * j;
            float sumX2 = 0;
            for (int l = 0; l < 32; ++l) {
                sumX2 += x[base + l] * x[base + l];
            }
            float avX = (float) Math.sqrt(sumX2 / 32);
            for (int l = 0; l < 32; ++l) {
                weights[l] = avX + Math.abs(x[base + l]);
            }
            scales[j] = QuantMath.makeQkx2Quants(32, nmax, x, base, weights, levels, 32 * j, theMin, aux,
                    rmin, 0.1f, nstep);
            mins[j] = theMin[0];
            if (scales[j] > maxScale) {
                maxScale = scales[j];
            }
            if (mins[j] > maxMin) {
                maxMin = mins[j];
            }
        }
        float invScale = maxScale > 0 ? 63.f / maxScale : 0.f;
        float invMin = maxMin > 0 ? 63.f / maxMin : 0.f;
        for (int j = 0; j < QK_K / 32; ++j) {
            // ggml stores nearest_int into a uint8_t before clamping, so the wrap-around is kept here too.
            int ls = Math.min(63, QuantMath.nearestInt(invScale * scales[j]) & 0xFF);
            int lm = Math.min(63, QuantMath.nearestInt(invMin * mins[j]) & 0xFF);
            if (j < 4) {
                packed[j] = (byte) ls;
                packed[j + 4] = (byte) lm;
            } else {
                packed[j + 4] = (byte) ((ls & 0xF) | ((lm & 0xF) << 4));
                packed[j - 4] |= (byte) ((ls >>> 4) << 6);
                packed[j] |= (byte) ((lm >>> 4) << 6);
            }
        }
        return new float[] {maxScale / 63.f, maxMin / 63.f};
    }

    /**
     * Requantizes every sub-block against its stored (fp16-rounded, 6-bit) scale and min, as the second half of
     * ggml's reference K quantizers does; sub-blocks whose scale is zero keep their earlier levels.
     */
    static void requantize(float[] x, int xOff, int nmax, short dBits, short dminBits, byte[] packed, byte[] levels) {
        float dAll = Fp16.toFloat(dBits);
        float dminAll = Fp16.toFloat(dminBits);
        for (int j = 0; j < QK_K / 32; ++j) {
            float d = dAll * scale(packed, j);
            if (d == 0) {
                continue;
            }
            float dm = dminAll * min(packed, j);
            for (int ii = 0; ii < 32; ++ii) {
                int l = QuantMath.nearestInt((x[xOff + 32 * j + ii] + dm) / d);
                levels[32 * j + ii] = (byte) Math.max(0, Math.min(nmax, l));
            }
        }
    }
}
