package io.phi4j.tensor;

import java.lang.foreign.MemorySegment;

/** IEEE half precision, one little-endian 16-bit value per element; encoding rounds as ggml's FP32_TO_FP16. */
final class F16Codec implements BlockCodec {
    @Override
    public GgmlType type() {
        return GgmlType.F16;
    }

    @Override
    public void dequantize(MemorySegment segment, long offset, float[] dst, int dstOffset, int count) {
        for (int i = 0; i < count; i++) {
            dst[dstOffset + i] = Float.float16ToFloat(segment.get(Le.SHORT, offset + 2L * i));
        }
    }

    @Override
    public float dot(MemorySegment segment, long offset, float[] x, int xOffset, int count) {
        float sum = 0f;
        for (int i = 0; i < count; i++) {
            sum += Float.float16ToFloat(segment.get(Le.SHORT, offset + 2L * i)) * x[xOffset + i];
        }
        return sum;
    }

    @Override
    public void quantize(float[] src, int srcOffset, MemorySegment segment, long offset, int count) {
        for (int i = 0; i < count; i++) {
            segment.set(Le.SHORT, offset + 2L * i, Fp16.fromFloat(src[srcOffset + i]));
        }
    }
}
