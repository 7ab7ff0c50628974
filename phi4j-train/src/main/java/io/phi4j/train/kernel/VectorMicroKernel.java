package io.phi4j.train.kernel;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * A 6 x 2-vector register tile (6 x 32 floats on AVX-512): per step {@code p}, two vector loads of the B
 * panel, six broadcasts of A and twelve fused multiply-adds into twelve accumulators that stay in registers
 * for the whole panel (the shape of BLIS's Haswell/SkylakeX sgemm kernels, within the 32 vector registers).
 * Each C element is the fma chain over {@code p} ascending, as in {@link ScalarMicroKernel}.
 */
final class VectorMicroKernel implements MicroKernel {
    static final VectorSpecies<Float> F = FloatVector.SPECIES_PREFERRED;
    static final int L = F.length();
    static final int MR = 6;

    @Override
    public int mr() {
        return MR;
    }

    @Override
    public int nr() {
        return 2 * L;
    }

    @Override
    public void run(int kc, float[] ap, int aOff, float[] bp, int bOff, float[] c, int cOff, int ldc,
                    boolean accumulate) {
        FloatVector c00 = FloatVector.zero(F), c01 = c00, c10 = c00, c11 = c00, c20 = c00, c21 = c00;
        FloatVector c30 = c00, c31 = c00, c40 = c00, c41 = c00, c50 = c00, c51 = c00;
        int a = aOff, b = bOff;
        for (int p = 0; p < kc; p++, a += MR, b += 2 * L) {
            FloatVector b0 = FloatVector.fromArray(F, bp, b);
            FloatVector b1 = FloatVector.fromArray(F, bp, b + L);
            FloatVector x = FloatVector.broadcast(F, ap[a]);
            c00 = x.fma(b0, c00);
            c01 = x.fma(b1, c01);
            x = FloatVector.broadcast(F, ap[a + 1]);
            c10 = x.fma(b0, c10);
            c11 = x.fma(b1, c11);
            x = FloatVector.broadcast(F, ap[a + 2]);
            c20 = x.fma(b0, c20);
            c21 = x.fma(b1, c21);
            x = FloatVector.broadcast(F, ap[a + 3]);
            c30 = x.fma(b0, c30);
            c31 = x.fma(b1, c31);
            x = FloatVector.broadcast(F, ap[a + 4]);
            c40 = x.fma(b0, c40);
            c41 = x.fma(b1, c41);
            x = FloatVector.broadcast(F, ap[a + 5]);
            c50 = x.fma(b0, c50);
            c51 = x.fma(b1, c51);
        }
        store(c, cOff, c00, c01, accumulate);
        store(c, cOff + ldc, c10, c11, accumulate);
        store(c, cOff + 2 * ldc, c20, c21, accumulate);
        store(c, cOff + 3 * ldc, c30, c31, accumulate);
        store(c, cOff + 4 * ldc, c40, c41, accumulate);
        store(c, cOff + 5 * ldc, c50, c51, accumulate);
    }

    private static void store(float[] c, int off, FloatVector v0, FloatVector v1, boolean accumulate) {
        if (accumulate) {
            v0 = v0.add(FloatVector.fromArray(F, c, off));
            v1 = v1.add(FloatVector.fromArray(F, c, off + L));
        }
        v0.intoArray(c, off);
        v1.intoArray(c, off + L);
    }
}
