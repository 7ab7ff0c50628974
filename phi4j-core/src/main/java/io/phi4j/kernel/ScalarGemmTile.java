package io.phi4j.kernel;

/** Scalar twin of {@link VectorGemmTile}: the same outer-product sums, one token at a time. */
final class ScalarGemmTile implements GemmTile {
    @Override
    public int tokenStep() {
        return 1;
    }

    @Override
    public int maxTokens() {
        return 16;
    }

    @Override
    public void multiply(float[] w, int wOff, int k, float[] xT, int xOff, int xStride, int tokens, float[] part,
                         int pOff, int pStride) {
        for (int i = 0; i < ROWS; i++) {
            int wr = wOff + i * k;
            for (int t = 0; t < tokens; t++) {
                float sum = 0f;
                for (int c = 0; c < k; c++) {
                    sum += w[wr + c] * xT[xOff + c * xStride + t];
                }
                part[pOff + i * pStride + t] += sum;
            }
        }
    }
}
