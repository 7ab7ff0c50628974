package io.phi4j.kernel;

import jdk.incubator.vector.FloatVector;

import static io.phi4j.kernel.Simd.F;
import static io.phi4j.kernel.Simd.L;

/**
 * The prefill register tile with vectors: 4 rows by up to 4 vectors of tokens (64 tokens on AVX-512), 16
 * accumulators. Per input column: up to 4 vector loads of x (transposed, so tokens are lanes), 4 broadcast
 * weights, 16 fmas; no horizontal sums anywhere, the accumulators are the outputs. Written out per width
 * because accumulators only live in registers as separate locals.
 */
final class VectorGemmTile implements GemmTile {
    @Override
    public int tokenStep() {
        return L;
    }

    @Override
    public int maxTokens() {
        return 4 * L;
    }

    @Override
    public void multiply(float[] w, int wOff, int k, float[] xT, int xOff, int xStride, int tokens, float[] part,
                         int pOff, int pStride) {
        int t = 0;
        for (; t + 4 * L <= tokens; t += 4 * L) {
            four(w, wOff, k, xT, xOff + t, xStride, part, pOff + t, pStride);
        }
        for (; t + 2 * L <= tokens; t += 2 * L) {
            two(w, wOff, k, xT, xOff + t, xStride, part, pOff + t, pStride);
        }
        for (; t < tokens; t += L) {
            one(w, wOff, k, xT, xOff + t, xStride, part, pOff + t, pStride);
        }
    }

    private static void four(float[] w, int wOff, int k, float[] xT, int xOff, int xStride, float[] part, int pOff,
                             int pStride) {
        FloatVector a00 = FloatVector.zero(F), a01 = a00, a02 = a00, a03 = a00;
        FloatVector a10 = a00, a11 = a00, a12 = a00, a13 = a00;
        FloatVector a20 = a00, a21 = a00, a22 = a00, a23 = a00;
        FloatVector a30 = a00, a31 = a00, a32 = a00, a33 = a00;
        int w0 = wOff, w1 = wOff + k, w2 = wOff + 2 * k, w3 = wOff + 3 * k;
        for (int c = 0; c < k; c++) {
            int xo = xOff + c * xStride;
            FloatVector x0 = FloatVector.fromArray(F, xT, xo);
            FloatVector x1 = FloatVector.fromArray(F, xT, xo + L);
            FloatVector x2 = FloatVector.fromArray(F, xT, xo + 2 * L);
            FloatVector x3 = FloatVector.fromArray(F, xT, xo + 3 * L);
            FloatVector b = FloatVector.broadcast(F, w[w0 + c]);
            a00 = b.fma(x0, a00);
            a01 = b.fma(x1, a01);
            a02 = b.fma(x2, a02);
            a03 = b.fma(x3, a03);
            b = FloatVector.broadcast(F, w[w1 + c]);
            a10 = b.fma(x0, a10);
            a11 = b.fma(x1, a11);
            a12 = b.fma(x2, a12);
            a13 = b.fma(x3, a13);
            b = FloatVector.broadcast(F, w[w2 + c]);
            a20 = b.fma(x0, a20);
            a21 = b.fma(x1, a21);
            a22 = b.fma(x2, a22);
            a23 = b.fma(x3, a23);
            b = FloatVector.broadcast(F, w[w3 + c]);
            a30 = b.fma(x0, a30);
            a31 = b.fma(x1, a31);
            a32 = b.fma(x2, a32);
            a33 = b.fma(x3, a33);
        }
        add(part, pOff, a00, a01, a02, a03);
        add(part, pOff + pStride, a10, a11, a12, a13);
        add(part, pOff + 2 * pStride, a20, a21, a22, a23);
        add(part, pOff + 3 * pStride, a30, a31, a32, a33);
    }

    private static void add(float[] part, int p, FloatVector v0, FloatVector v1, FloatVector v2, FloatVector v3) {
        FloatVector.fromArray(F, part, p).add(v0).intoArray(part, p);
        FloatVector.fromArray(F, part, p + L).add(v1).intoArray(part, p + L);
        FloatVector.fromArray(F, part, p + 2 * L).add(v2).intoArray(part, p + 2 * L);
        FloatVector.fromArray(F, part, p + 3 * L).add(v3).intoArray(part, p + 3 * L);
    }

    private static void two(float[] w, int wOff, int k, float[] xT, int xOff, int xStride, float[] part, int pOff,
                            int pStride) {
        FloatVector a00 = FloatVector.zero(F), a01 = a00, a10 = a00, a11 = a00;
        FloatVector a20 = a00, a21 = a00, a30 = a00, a31 = a00;
        int w0 = wOff, w1 = wOff + k, w2 = wOff + 2 * k, w3 = wOff + 3 * k;
        for (int c = 0; c < k; c++) {
            int xo = xOff + c * xStride;
            FloatVector x0 = FloatVector.fromArray(F, xT, xo);
            FloatVector x1 = FloatVector.fromArray(F, xT, xo + L);
            FloatVector b = FloatVector.broadcast(F, w[w0 + c]);
            a00 = b.fma(x0, a00);
            a01 = b.fma(x1, a01);
            b = FloatVector.broadcast(F, w[w1 + c]);
            a10 = b.fma(x0, a10);
            a11 = b.fma(x1, a11);
            b = FloatVector.broadcast(F, w[w2 + c]);
            a20 = b.fma(x0, a20);
            a21 = b.fma(x1, a21);
            b = FloatVector.broadcast(F, w[w3 + c]);
            a30 = b.fma(x0, a30);
            a31 = b.fma(x1, a31);
        }
        for (int i = 0; i < 4; i++) {
            FloatVector v0 = i == 0 ? a00 : i == 1 ? a10 : i == 2 ? a20 : a30;
            FloatVector v1 = i == 0 ? a01 : i == 1 ? a11 : i == 2 ? a21 : a31;
            int p = pOff + i * pStride;
            FloatVector.fromArray(F, part, p).add(v0).intoArray(part, p);
            FloatVector.fromArray(F, part, p + L).add(v1).intoArray(part, p + L);
        }
    }

    private static void one(float[] w, int wOff, int k, float[] xT, int xOff, int xStride, float[] part, int pOff,
                            int pStride) {
        FloatVector a0 = FloatVector.zero(F), a1 = a0, a2 = a0, a3 = a0;
        int w0 = wOff, w1 = wOff + k, w2 = wOff + 2 * k, w3 = wOff + 3 * k;
        for (int c = 0; c < k; c++) {
            FloatVector x0 = FloatVector.fromArray(F, xT, xOff + c * xStride);
            a0 = FloatVector.broadcast(F, w[w0 + c]).fma(x0, a0);
            a1 = FloatVector.broadcast(F, w[w1 + c]).fma(x0, a1);
            a2 = FloatVector.broadcast(F, w[w2 + c]).fma(x0, a2);
            a3 = FloatVector.broadcast(F, w[w3 + c]).fma(x0, a3);
        }
        FloatVector.fromArray(F, part, pOff).add(a0).intoArray(part, pOff);
        FloatVector.fromArray(F, part, pOff + pStride).add(a1).intoArray(part, pOff + pStride);
        FloatVector.fromArray(F, part, pOff + 2 * pStride).add(a2).intoArray(part, pOff + 2 * pStride);
        FloatVector.fromArray(F, part, pOff + 3 * pStride).add(a3).intoArray(part, pOff + 3 * pStride);
    }
}
