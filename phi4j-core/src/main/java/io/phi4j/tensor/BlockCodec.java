package io.phi4j.tensor;

import java.lang.foreign.MemorySegment;

/**
 * The block layout of one tensor element type: how a run of blocks in memory turns into floats and back.
 * One implementation per type ({@link Codecs#of(GgmlType)}). All offsets are in bytes into {@code segment};
 * {@code count} is a whole number of blocks. Multi-byte fields are little-endian, as in ggml.
 */
public interface BlockCodec {
    GgmlType type();

    /** Writes {@code count} floats decoded from {@code segment} at {@code offset} into {@code dst[dstOffset..]}. */
    void dequantize(MemorySegment segment, long offset, float[] dst, int dstOffset, int count);

    /** The dot product of {@code count} decoded elements with {@code x[xOffset..]}. A plain reference path. */
    default float dot(MemorySegment segment, long offset, float[] x, int xOffset, int count) {
        float[] tmp = new float[count];
        dequantize(segment, offset, tmp, 0, count);
        float sum = 0f;
        for (int i = 0; i < count; i++) {
            sum += tmp[i] * x[xOffset + i];
        }
        return sum;
    }

    /**
     * Encodes {@code count} floats from {@code src[srcOffset..]} into {@code segment} at {@code offset}, rounding
     * exactly as llama.cpp's reference quantizer ({@code quantize_row_*_ref}) does, so files we write are
     * bit-identical to llama.cpp's for the same input.
     */
    void quantize(float[] src, int srcOffset, MemorySegment segment, long offset, int count);
}
