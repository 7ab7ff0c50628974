package io.phi4j.kernel;

import io.phi4j.tensor.GgmlType;

import java.lang.foreign.MemorySegment;

/**
 * The weight-type-specific half of a matmul: a fused dequantise-and-dot over whole rows (the decode path, where
 * the weights stream from memory once and nothing else matters), and a block decoder that fills the float panel
 * of the tiled prefill path ({@link Gemm}). One vector implementation per supported type, each with a scalar
 * twin computing the same sums with plain loops (tests compare the two; {@code -Dphi4j.kernels=scalar} runs the
 * twins).
 */
public interface WeightKernel {
    GgmlType type();

    /**
     * {@code out[outOff + r] = dot(row r of w, x[xOff .. xOff + cols))} for {@code r} in {@code [from, to)}.
     * {@code w} holds whole rows of {@code rowBytes} bytes each, row 0 at offset 0. {@code x} is floats in native
     * order, indexed in floats; callers pass a 64-byte aligned copy (vector loads from a float[] straddle cache
     * lines: Java arrays are only 8-byte aligned, and their data starts 16 bytes in).
     */
    void matVec(MemorySegment w, long rowBytes, int cols, MemorySegment x, int xOff, float[] out, int outOff,
                int from, int to);

    /**
     * Decodes {@code count} elements (a whole number of blocks) stored at byte {@code offset} of {@code w}
     * into {@code dst[dstOff .. dstOff + count)}, with the same values as the type's codec.
     */
    void decode(MemorySegment w, long offset, int count, float[] dst, int dstOff);
}
