package io.phi4j.train.kernel;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * A 6 x 2-vector register tile (6 x 32 floats on AVX-512): per step {@code p}, two vector loads of the B
 * panel, six broadcasts of A (one from each of six rows) and twelve fused multiply-adds into twelve
 * accumulators that stay in registers for the whole panel (the shape of BLIS's Haswell/SkylakeX sgemm kernels,
 * within the 32 vector registers).
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
    public void run(int kc, float[] a, int aOff, int lda, float[] bp, int bOff, float[] c, int cOff, int ldc,
                    boolean accumulate) {
        FloatVector c00 = FloatVector.zero(F), c01 = c00, c10 = c00, c11 = c00, c20 = c00, c21 = c00;
        FloatVector c30 = c00, c31 = c00, c40 = c00, c41 = c00, c50 = c00, c51 = c00;
        // offsets as linear functions of the counted loop variable, so that C2 hoists the range checks of the
        // vector loads out of the loop (with extra induction variables it kept them per iteration)
        // Six row bases, each read at base + p: A comes in place from a row-major operand (no packing) or from
        // the packed block.
        int a0 = aOff, a1 = aOff + lda, a2 = aOff + 2 * lda, a3 = aOff + 3 * lda, a4 = aOff + 4 * lda;
        int a5 = aOff + 5 * lda;
        if (aOff < 0 || lda < 0 || a5 + kc > a.length || bOff < 0 || bOff + kc * 2 * L > bp.length) {
            throw new IndexOutOfBoundsException("A rows or packed B panel out of range");
        }
        for (int p = 0; p < kc; p++) {
            int b = bOff + p * (2 * L);
            FloatVector b0 = FloatVector.fromArray(F, bp, b);
            FloatVector b1 = FloatVector.fromArray(F, bp, b + L);
            FloatVector x = FloatVector.broadcast(F, a[a0 + p]);
            c00 = x.fma(b0, c00);
            c01 = x.fma(b1, c01);
            x = FloatVector.broadcast(F, a[a1 + p]);
            c10 = x.fma(b0, c10);
            c11 = x.fma(b1, c11);
            x = FloatVector.broadcast(F, a[a2 + p]);
            c20 = x.fma(b0, c20);
            c21 = x.fma(b1, c21);
            x = FloatVector.broadcast(F, a[a3 + p]);
            c30 = x.fma(b0, c30);
            c31 = x.fma(b1, c31);
            x = FloatVector.broadcast(F, a[a4 + p]);
            c40 = x.fma(b0, c40);
            c41 = x.fma(b1, c41);
            x = FloatVector.broadcast(F, a[a5 + p]);
            c50 = x.fma(b0, c50);
            c51 = x.fma(b1, c51);
        }
        // Stores written out here rather than in a helper method: a vector passed to a method that C2 does not
        // inline is boxed and runs the Vector API's slow Java fallback (it showed up as 13% of training time).
        int o0 = cOff, o1 = cOff + ldc, o2 = cOff + 2 * ldc, o3 = cOff + 3 * ldc, o4 = cOff + 4 * ldc, o5 = cOff + 5 * ldc;
        if (accumulate) {
            c00 = c00.add(FloatVector.fromArray(F, c, o0));
            c01 = c01.add(FloatVector.fromArray(F, c, o0 + L));
            c10 = c10.add(FloatVector.fromArray(F, c, o1));
            c11 = c11.add(FloatVector.fromArray(F, c, o1 + L));
            c20 = c20.add(FloatVector.fromArray(F, c, o2));
            c21 = c21.add(FloatVector.fromArray(F, c, o2 + L));
            c30 = c30.add(FloatVector.fromArray(F, c, o3));
            c31 = c31.add(FloatVector.fromArray(F, c, o3 + L));
            c40 = c40.add(FloatVector.fromArray(F, c, o4));
            c41 = c41.add(FloatVector.fromArray(F, c, o4 + L));
            c50 = c50.add(FloatVector.fromArray(F, c, o5));
            c51 = c51.add(FloatVector.fromArray(F, c, o5 + L));
        }
        c00.intoArray(c, o0);
        c01.intoArray(c, o0 + L);
        c10.intoArray(c, o1);
        c11.intoArray(c, o1 + L);
        c20.intoArray(c, o2);
        c21.intoArray(c, o2 + L);
        c30.intoArray(c, o3);
        c31.intoArray(c, o3 + L);
        c40.intoArray(c, o4);
        c41.intoArray(c, o4 + L);
        c50.intoArray(c, o5);
        c51.intoArray(c, o5 + L);
    }
}
