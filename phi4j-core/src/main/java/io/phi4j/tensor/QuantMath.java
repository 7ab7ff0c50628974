package io.phi4j.tensor;

/**
 * Scalar helpers of ggml's reference quantizers (ggml-quants.c), reproduced operation for operation in float
 * arithmetic (Java float math is IEEE single precision, like C's on x86-64 without FMA contraction), so the
 * quantizers built on them give llama.cpp's bytes.
 */
final class QuantMath {
    private QuantMath() {
    }

    /**
     * ggml's {@code nearest_int}: adds 1.5 * 2^23 so the float adder rounds to nearest even, then reads the
     * integer from the mantissa bits. Valid for |f| <= 4194303 (ggml asserts that); reproduced bit for bit.
     */
    static int nearestInt(float f) {
        float v = f + 12582912f;
        return (Float.floatToRawIntBits(v) & 0x007FFFFF) - 0x00400000;
    }

    /** C's {@code roundf}: nearest integer, halfway cases away from zero. */
    static float roundf(float x) {
        float a = Math.abs(x);
        if (!(a < 0x1p23f)) {
            return x; // already integral, or NaN / infinity
        }
        // |x| + 0.5 is exact in double for every float below 2^23 that can round to a non-zero value.
        return Math.copySign((float) Math.floor(a + 0.5), x);
    }

    /**
     * C's float to {@code int8_t}/{@code uint8_t} conversion as x86-64 compilers emit it (truncate to int32,
     * keep the low byte). Only called on values well inside int range, as in ggml.
     */
    static int truncToByte(float x) {
        return (byte) (int) x;
    }

    /**
     * ggml's {@code make_qkx2_quants}: finds scale and min for {@code n} values {@code x[xOff..]} with weights,
     * trying {@code nstep + 1} candidate scales around nmax; writes levels 0..nmax to {@code levels[lOff..]}.
     * Returns the scale; stores {@code -min} (the non-negative min offset) in {@code theMin[0]}.
     */
    static float makeQkx2Quants(int n, int nmax, float[] x, int xOff, float[] weights, byte[] levels, int lOff,
                                float[] theMin, byte[] aux, float rmin, float rdelta, int nstep) {
        float min = x[xOff];
        float max = x[xOff];
        float sumW = weights[0];
        float sumX = sumW * x[xOff];
        for (int i = 1; i < n; ++i) {
            float xi = x[xOff + i];
            if (xi < min) {
                min = xi;
            }
            if (xi > max) {
                max = xi;
            }
            float w = weights[i];
            sumW += w;
            sumX += w * xi;
        }
        if (min > 0) {
            min = 0;
        }
        if (max == min) {
            for (int i = 0; i < n; ++i) {
                levels[lOff + i] = 0;
            }
            theMin[0] = -min;
            return 0f;
        }
        float iscale = nmax / (max - min);
        float scale = 1 / iscale;
        float bestError = 0;
        for (int i = 0; i < n; ++i) {
            int l = nearestInt(iscale * (x[xOff + i] - min));
            l = Math.max(0, Math.min(nmax, l));
            levels[lOff + i] = (byte) l;
            float diff = scale * l + min - x[xOff + i];
            diff = diff * diff;
            bestError += weights[i] * diff;
        }
        if (nstep < 1) {
            theMin[0] = -min;
            return scale;
        }
        for (int is = 0; is <= nstep; ++is) {
            iscale = (rmin + rdelta * is + nmax) / (max - min);
            float sumL = 0;
            float sumL2 = 0;
            float sumXL = 0;
            for (int i = 0; i < n; ++i) {
                int l = nearestInt(iscale * (x[xOff + i] - min));
                l = Math.max(0, Math.min(nmax, l));
                aux[i] = (byte) l;
                float w = weights[i];
                sumL += w * l;
                sumL2 += w * l * l;
                sumXL += w * l * x[xOff + i];
            }
            float det = sumW * sumL2 - sumL * sumL;
            if (det > 0) {
                float thisScale = (sumW * sumXL - sumX * sumL) / det;
                float thisMin = (sumL2 * sumX - sumL * sumXL) / det;
                if (thisMin > 0) {
                    thisMin = 0;
                    thisScale = sumXL / sumL2;
                }
                float curError = 0;
                for (int i = 0; i < n; ++i) {
                    float diff = thisScale * aux[i] + thisMin - x[xOff + i];
                    diff = diff * diff;
                    curError += weights[i] * diff;
                }
                if (curError < bestError) {
                    System.arraycopy(aux, 0, levels, lOff, n);
                    bestError = curError;
                    scale = thisScale;
                    min = thisMin;
                }
            }
        }
        theMin[0] = -min;
        return scale;
    }

    /**
     * ggml's {@code make_qx_quants} with {@code rmse_type == 1} and no importance weights (the only form the
     * reference Q6_K quantizer uses): symmetric levels in [-nmax, nmax) stored as {@code l + nmax}, refined over
     * 18 candidate scales with weights x^2. Returns the scale.
     */
    static float makeQxQuantsRmse1(int n, int nmax, float[] x, int xOff, byte[] levels, int lOff) {
        float max = 0;
        float amax = 0;
        for (int i = 0; i < n; ++i) {
            float ax = Math.abs(x[xOff + i]);
            if (ax > amax) {
                amax = ax;
                max = x[xOff + i];
            }
        }
        if (amax < 1e-15f) { // GROUP_MAX_EPS: all zero
            for (int i = 0; i < n; ++i) {
                levels[lOff + i] = 0;
            }
            return 0f;
        }
        float iscale = -nmax / max;
        float sumLX = 0;
        float sumL2 = 0;
        for (int i = 0; i < n; ++i) {
            float xi = x[xOff + i];
            int l = nearestInt(iscale * xi);
            l = Math.max(-nmax, Math.min(nmax - 1, l));
            levels[lOff + i] = (byte) (l + nmax);
            float w = xi * xi;
            sumLX += w * xi * l;
            sumL2 += w * l * l;
        }
        float scale = sumL2 != 0 ? sumLX / sumL2 : 0.0f;
        float best = scale * sumLX;
        for (int is = -9; is <= 9; ++is) {
            if (is == 0) {
                continue;
            }
            iscale = -(nmax + 0.1f * is) / max;
            sumLX = 0;
            sumL2 = 0;
            for (int i = 0; i < n; ++i) {
                float xi = x[xOff + i];
                int l = nearestInt(iscale * xi);
                l = Math.max(-nmax, Math.min(nmax - 1, l));
                float w = xi * xi;
                sumLX += w * xi * l;
                sumL2 += w * l * l;
            }
            if (sumL2 > 0 && sumLX * sumLX > best * sumL2) {
                for (int i = 0; i < n; ++i) {
                    int l = nearestInt(iscale * x[xOff + i]);
                    levels[lOff + i] = (byte) (nmax + Math.max(-nmax, Math.min(nmax - 1, l)));
                }
                scale = sumLX / sumL2;
                best = scale * sumLX;
            }
        }
        return scale;
    }
}
