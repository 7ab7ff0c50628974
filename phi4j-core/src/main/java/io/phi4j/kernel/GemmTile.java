package io.phi4j.kernel;

/**
 * The inner block of the prefill matmul ({@link Gemm}): {@link #ROWS} rows of decoded float weights times a run
 * of tokens, as outer products. Row {@code i} of the tile is {@code w[wOff + i*k .. + k)}; token {@code t} of
 * input column {@code c} is {@code xT[xOff + c*xStride + t]} (x transposed, so tokens are contiguous); results
 * are added to {@code part[pOff + i*pStride + t]}. The tile sums its {@code k} products from zero before adding,
 * so long rows are summed in chunks (a smaller rounding error than one running sum).
 */
interface GemmTile {
    int ROWS = 4;

    /** Token run length, a multiple of which {@code tokens} passed to {@link #multiply} must be. */
    int tokenStep();

    /** Tokens handled per call at most (the widest register tile). */
    int maxTokens();

    void multiply(float[] w, int wOff, int k, float[] xT, int xOff, int xStride, int tokens, float[] part, int pOff,
                  int pStride);
}
