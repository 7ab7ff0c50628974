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
     * {@link #matVec} for four tokens at once: token i reads {@code x[xi ..]} and writes {@code out[oi + r]}. Each
     * output is bit-for-bit what {@link #matVec} gives for that token alone (batched decoding must equal decoding
     * each sequence), but a kernel may decode each weight block once for all four: the few-token path is
     * compute-bound on the dequantisation, not on memory. Callers with fewer than four tokens repeat the last
     * one (same offsets: the same value is written twice). This default is the reference: four passes.
     */
    default void matVec4(MemorySegment w, long rowBytes, int cols, MemorySegment x, int x0, int x1, int x2, int x3,
                         float[] out, int o0, int o1, int o2, int o3, int from, int to) {
        matVec(w, rowBytes, cols, x, x0, out, o0, from, to);
        if (x1 != x0 || o1 != o0) {
            matVec(w, rowBytes, cols, x, x1, out, o1, from, to);
        }
        if (x2 != x1 || o2 != o1) {
            matVec(w, rowBytes, cols, x, x2, out, o2, from, to);
        }
        if (x3 != x2 || o3 != o2) {
            matVec(w, rowBytes, cols, x, x3, out, o3, from, to);
        }
    }

    /**
     * {@link #matVec} for eight tokens at once: token i reads {@code x[xOff[i] ..]} and writes
     * {@code out[outOff[i] + r]} ({@code xOff} and {@code outOff} have at least 8 entries; callers with fewer
     * tokens repeat the last). The same contract as {@link #matVec4}; this default is two {@link #matVec4} passes.
     */
    default void matVec8(MemorySegment w, long rowBytes, int cols, MemorySegment x, int[] xOff, float[] out,
                         int[] outOff, int from, int to) {
        matVec4(w, rowBytes, cols, x, xOff[0], xOff[1], xOff[2], xOff[3], out, outOff[0], outOff[1], outOff[2],
                outOff[3], from, to);
        if (xOff[4] != xOff[3] || outOff[4] != outOff[3]) {
            matVec4(w, rowBytes, cols, x, xOff[4], xOff[5], xOff[6], xOff[7], out, outOff[4], outOff[5], outOff[6],
                    outOff[7], from, to);
        }
    }

    /**
     * True when this kernel has {@link #matVec8Interleaved}, which reads eight tokens' x from one block-interleaved
     * copy instead of eight separate rows.
     */
    default boolean interleavesEight() {
        return false;
    }

    /**
     * {@link #matVec8} with x in the layout {@link MatMul} builds for it: for each 32-column slice {@code b},
     * tokens 0..7's 32 floats one after another ({@code xi[xiOff + ((b * 8 + t) * 32 + c) * 4]} bytes, 1 KB per
     * slice), so one pointer reaches all eight tokens with constant displacements. With eight separate x rows a
     * kernel needs eight address registers besides its own, one reason (with vectors boxed at a lane-sum call C2
     * did not inline) why eight-token kernels had been no faster than two four-token passes. Outputs as
     * {@link #matVec8}: bit for bit each token alone.
     */
    default void matVec8Interleaved(MemorySegment w, long rowBytes, int cols, MemorySegment xi, long xiOff,
                                    float[] out, int[] outOff, int from, int to) {
        throw new UnsupportedOperationException(type() + " has no interleaved eight-token kernel");
    }

    /**
     * Decodes {@code count} elements (a whole number of blocks) stored at byte {@code offset} of {@code w}
     * into {@code dst[dstOff .. dstOff + count)}, with the same values as the type's codec.
     */
    void decode(MemorySegment w, long offset, int count, float[] dst, int dstOff);
}
