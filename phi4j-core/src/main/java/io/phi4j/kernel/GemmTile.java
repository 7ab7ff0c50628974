package io.phi4j.kernel;

import java.lang.foreign.MemorySegment;

/**
 * The inner block of the prefill matmul ({@link Gemm}): {@link #ROWS} rows of decoded float weights times a group
 * of up to {@link #groupWidth()} tokens, as outer products. Row {@code i} of the tile is
 * {@code w[wOff + i*k .. + k)}; token {@code t} of the group at input column {@code kFrom + c} is
 * float {@code (kFrom + c)*groupWidth() + t} of {@code xGroup} (x transposed, so tokens are contiguous); the {@code k} products are summed from zero and then added to {@code part[pOff + i*pStride + t]}
 * (so long rows are summed in chunks: a smaller rounding error than one running sum).
 */
interface GemmTile {
    int ROWS = 6;

    /** Tokens per group (the x layout's row length); token counts are padded to a multiple of {@link #step()}. */
    int groupWidth();

    /** The granule of token counts within a group. */
    int step();

    /** {@code tokens} is a multiple of {@link #step()}, at most {@link #groupWidth()}. */
    void multiply(float[] w, int wOff, int k, MemorySegment xGroup, int kFrom, int tokens, float[] part, int pOff,
                  int pStride);
}
