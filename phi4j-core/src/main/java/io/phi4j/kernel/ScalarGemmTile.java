package io.phi4j.kernel;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/** Scalar twin of {@link VectorGemmTile}: the same outer-product sums, one token at a time. */
final class ScalarGemmTile implements GemmTile {
    private static final int GROUP = 16;

    @Override
    public int groupWidth() {
        return GROUP;
    }

    @Override
    public int step() {
        return 1;
    }

    @Override
    public void multiply(float[] w, int wOff, int k, MemorySegment xGroup, int kFrom, int tokens, float[] part,
                         int pOff, int pStride) {
        for (int i = 0; i < ROWS; i++) {
            int wr = wOff + i * k;
            for (int t = 0; t < tokens; t++) {
                float sum = 0f;
                for (int c = 0; c < k; c++) {
                    sum += w[wr + c] * xGroup.getAtIndex(ValueLayout.JAVA_FLOAT, (long) (kFrom + c) * GROUP + t);
                }
                part[pOff + i * pStride + t] += sum;
            }
        }
    }
}
