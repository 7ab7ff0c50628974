package io.phi4j.train.kernel;

/**
 * The innermost GEMM step: a {@code mr() x nr()} tile of C updated with the product of {@code mr} rows of A
 * (row-major: {@code A[i, p] = a[aOff + i*lda + p]}, either the operand itself or a packed copy) and a packed B
 * micro-panel ({@code kc} steps of {@code nr} values).
 */
interface MicroKernel {
    int mr();

    int nr();

    /**
     * {@code C[i, j] (+)= sum_p A[i, p] * B[p, j]} for the full tile at {@code c[cOff + i*ldc + j]}; with
     * {@code accumulate} false the tile is overwritten.
     */
    void run(int kc, float[] a, int aOff, int lda, float[] bp, int bOff, float[] c, int cOff, int ldc,
             boolean accumulate);
}
