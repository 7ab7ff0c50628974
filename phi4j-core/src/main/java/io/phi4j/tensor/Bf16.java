package io.phi4j.tensor;

/**
 * bfloat16 conversions matching ggml's {@code ggml_compute_fp32_to_bf16} (ggml-impl.h): round to nearest even
 * on the top 16 bits of the float, and NaNs made quiet by setting bit 6 of the result (not rounded, which could
 * otherwise carry a NaN into infinity).
 */
public final class Bf16 {
    private Bf16() {
    }

    public static float toFloat(short h) {
        return Float.intBitsToFloat((h & 0xFFFF) << 16);
    }

    public static short fromFloat(float f) {
        int u = Float.floatToRawIntBits(f);
        if ((u & 0x7FFFFFFF) > 0x7F800000) {
            return (short) ((u >>> 16) | 64);
        }
        return (short) ((u + (0x7FFF + ((u >>> 16) & 1))) >>> 16);
    }
}
