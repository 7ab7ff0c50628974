package io.phi4j.train.kernel;

/**
 * The scalar twin of {@link VectorMicroKernel}: the same tile shape and accumulation order per element
 * (over {@code p} ascending within a panel), in plain Java. Used where the Vector API is unavailable or too
 * narrow, and by tests as the reference the vector kernel must agree with.
 */
final class ScalarMicroKernel implements MicroKernel {
    private final int mr;
    private final int nr;

    ScalarMicroKernel(int mr, int nr) {
        this.mr = mr;
        this.nr = nr;
    }

    @Override
    public int mr() {
        return mr;
    }

    @Override
    public int nr() {
        return nr;
    }

    @Override
    public void run(int kc, float[] a, int aOff, int lda, float[] bp, int bOff, float[] c, int cOff, int ldc,
                    boolean accumulate) {
        for (int i = 0; i < mr; i++) {
            for (int j = 0; j < nr; j++) {
                float s = 0f;
                for (int p = 0; p < kc; p++) {
                    s = Math.fma(a[aOff + i * lda + p], bp[bOff + p * nr + j], s);
                }
                int ci = cOff + i * ldc + j;
                c[ci] = accumulate ? c[ci] + s : s;
            }
        }
    }
}
