package io.phi4j.tensor;

/**
 * IEEE half precision (ggml_fp16_t) conversions, rounding exactly as ggml's {@code GGML_FP32_TO_FP16}.
 *
 * <p>ggml's portable {@code ggml_compute_fp32_to_fp16} (ggml-impl.h, after Maratyszcza/FP16) rounds to nearest
 * even like {@link Float#floatToFloat16}, but maps every NaN to the single quiet NaN {@code 0x7E00} (keeping the
 * sign), while the JDK keeps NaN payload bits. We reproduce ggml's bit trick so quantized files match byte for
 * byte even for NaN inputs.
 */
public final class Fp16 {
    private Fp16() {
    }

    /** The float value of the half-precision bits {@code h} (exact). */
    public static float toFloat(short h) {
        return Float.float16ToFloat(h);
    }

    /** Rounds {@code f} to half precision (round-to-nearest-even, overflow to infinity, NaN to 0x7E00). */
    public static short fromFloat(float f) {
        final float scaleToInf = 0x1.0p+112f;
        final float scaleToZero = 0x1.0p-110f;
        float base = (Math.abs(f) * scaleToInf) * scaleToZero;

        int w = Float.floatToRawIntBits(f);
        int shl1W = w + w;
        int sign = w & 0x80000000;
        int bias = shl1W & 0xFF000000;
        if (Integer.compareUnsigned(bias, 0x71000000) < 0) {
            bias = 0x71000000;
        }

        base = Float.intBitsToFloat((bias >>> 1) + 0x07800000) + base;
        int bits = Float.floatToRawIntBits(base);
        int expBits = (bits >>> 13) & 0x00007C00;
        int mantissaBits = bits & 0x00000FFF;
        int nonsign = expBits + mantissaBits;
        return (short) ((sign >>> 16) | (Integer.compareUnsigned(shl1W, 0xFF000000) > 0 ? 0x7E00 : nonsign));
    }

    /** {@code f} rounded through half precision and back. */
    public static float round(float f) {
        return toFloat(fromFloat(f));
    }
}
