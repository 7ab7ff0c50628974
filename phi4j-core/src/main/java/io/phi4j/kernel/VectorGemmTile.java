package io.phi4j.kernel;

import jdk.incubator.vector.FloatVector;

import java.lang.foreign.MemorySegment;
import java.nio.ByteOrder;

import static io.phi4j.kernel.Simd.F;
import static io.phi4j.kernel.Simd.L;

/**
 * The prefill register tile with vectors: 6 rows by up to 4 vectors of tokens (64 tokens on AVX-512), 24
 * accumulators (of 32 registers). Per input column: up to 4 vector loads of x (transposed, so tokens are lanes),
 * 6 broadcast weights, 24 fmas; no horizontal sums anywhere, the accumulators are the outputs. 6x4 measured
 * 25% faster than 4x4 (fewer loads and less loop overhead per fma) and than 8x3. Written out per width because
 * accumulators only live in registers as separate locals.
 *
 * <p>x comes from a 64-byte aligned native segment, not a float[]: Java arrays start 16 bytes into an object
 * that is only 8-byte aligned, so every 64-byte load from one straddles two cache lines (measured 25% slower,
 * the same as C with a misaligned buffer). Each token group is its own slice (made once, reused by every call):
 * with the segment's size loop-invariant C2 checks the bounds once per loop.
 */
final class VectorGemmTile implements GemmTile {
    private static final int GROUP = 4 * L;
    private static final long VEC_BYTES = 4L * L;
    private static final long ROW_BYTES = 4L * GROUP;
    private static final ByteOrder NATIVE = ByteOrder.nativeOrder();

    @Override
    public int groupWidth() {
        return GROUP;
    }

    @Override
    public int step() {
        return L;
    }

    @Override
    public void multiply(float[] w, int wOff, int k, MemorySegment xGroup, int kFrom, int tokens, float[] part,
                         int pOff, int pStride) {
        switch ((tokens + L - 1) / L) {
            case 4 -> four(w, wOff, k, xGroup, kFrom, part, pOff, pStride);
            case 3 -> three(w, wOff, k, xGroup, kFrom, part, pOff, pStride);
            case 2 -> two(w, wOff, k, xGroup, kFrom, part, pOff, pStride);
            default -> one(w, wOff, k, xGroup, kFrom, part, pOff, pStride);
        }
    }

    private static void four(float[] w, int wOff, int k, MemorySegment xGroup, int kFrom, float[] part, int pOff,
                             int pStride) {
        FloatVector a00 = FloatVector.zero(F);
        FloatVector a01 = a00, a02 = a00, a03 = a00, a10 = a00;
        FloatVector a11 = a00, a12 = a00, a13 = a00, a20 = a00;
        FloatVector a21 = a00, a22 = a00, a23 = a00, a30 = a00;
        FloatVector a31 = a00, a32 = a00, a33 = a00, a40 = a00;
        FloatVector a41 = a00, a42 = a00, a43 = a00, a50 = a00;
        FloatVector a51 = a00, a52 = a00, a53 = a00;
        for (int c = 0; c < k; c++) {
            long xo = (long) (kFrom + c) * ROW_BYTES;
            FloatVector x0 = FloatVector.fromMemorySegment(F, xGroup, xo, NATIVE);
            FloatVector x1 = FloatVector.fromMemorySegment(F, xGroup, xo + VEC_BYTES, NATIVE);
            FloatVector x2 = FloatVector.fromMemorySegment(F, xGroup, xo + 2 * VEC_BYTES, NATIVE);
            FloatVector x3 = FloatVector.fromMemorySegment(F, xGroup, xo + 3 * VEC_BYTES, NATIVE);
            FloatVector b = FloatVector.broadcast(F, w[wOff + c]);
            a00 = b.fma(x0, a00);
            a01 = b.fma(x1, a01);
            a02 = b.fma(x2, a02);
            a03 = b.fma(x3, a03);
            b = FloatVector.broadcast(F, w[wOff + k + c]);
            a10 = b.fma(x0, a10);
            a11 = b.fma(x1, a11);
            a12 = b.fma(x2, a12);
            a13 = b.fma(x3, a13);
            b = FloatVector.broadcast(F, w[wOff + 2 * k + c]);
            a20 = b.fma(x0, a20);
            a21 = b.fma(x1, a21);
            a22 = b.fma(x2, a22);
            a23 = b.fma(x3, a23);
            b = FloatVector.broadcast(F, w[wOff + 3 * k + c]);
            a30 = b.fma(x0, a30);
            a31 = b.fma(x1, a31);
            a32 = b.fma(x2, a32);
            a33 = b.fma(x3, a33);
            b = FloatVector.broadcast(F, w[wOff + 4 * k + c]);
            a40 = b.fma(x0, a40);
            a41 = b.fma(x1, a41);
            a42 = b.fma(x2, a42);
            a43 = b.fma(x3, a43);
            b = FloatVector.broadcast(F, w[wOff + 5 * k + c]);
            a50 = b.fma(x0, a50);
            a51 = b.fma(x1, a51);
            a52 = b.fma(x2, a52);
            a53 = b.fma(x3, a53);
        }
        // Written out, not in a helper: a call after the loop is not inlined and would box the accumulators.
        int p0 = pOff;
        FloatVector.fromArray(F, part, p0).add(a00).intoArray(part, p0);
        FloatVector.fromArray(F, part, p0 + L).add(a01).intoArray(part, p0 + L);
        FloatVector.fromArray(F, part, p0 + 2 * L).add(a02).intoArray(part, p0 + 2 * L);
        FloatVector.fromArray(F, part, p0 + 3 * L).add(a03).intoArray(part, p0 + 3 * L);
        int p1 = pOff + 1 * pStride;
        FloatVector.fromArray(F, part, p1).add(a10).intoArray(part, p1);
        FloatVector.fromArray(F, part, p1 + L).add(a11).intoArray(part, p1 + L);
        FloatVector.fromArray(F, part, p1 + 2 * L).add(a12).intoArray(part, p1 + 2 * L);
        FloatVector.fromArray(F, part, p1 + 3 * L).add(a13).intoArray(part, p1 + 3 * L);
        int p2 = pOff + 2 * pStride;
        FloatVector.fromArray(F, part, p2).add(a20).intoArray(part, p2);
        FloatVector.fromArray(F, part, p2 + L).add(a21).intoArray(part, p2 + L);
        FloatVector.fromArray(F, part, p2 + 2 * L).add(a22).intoArray(part, p2 + 2 * L);
        FloatVector.fromArray(F, part, p2 + 3 * L).add(a23).intoArray(part, p2 + 3 * L);
        int p3 = pOff + 3 * pStride;
        FloatVector.fromArray(F, part, p3).add(a30).intoArray(part, p3);
        FloatVector.fromArray(F, part, p3 + L).add(a31).intoArray(part, p3 + L);
        FloatVector.fromArray(F, part, p3 + 2 * L).add(a32).intoArray(part, p3 + 2 * L);
        FloatVector.fromArray(F, part, p3 + 3 * L).add(a33).intoArray(part, p3 + 3 * L);
        int p4 = pOff + 4 * pStride;
        FloatVector.fromArray(F, part, p4).add(a40).intoArray(part, p4);
        FloatVector.fromArray(F, part, p4 + L).add(a41).intoArray(part, p4 + L);
        FloatVector.fromArray(F, part, p4 + 2 * L).add(a42).intoArray(part, p4 + 2 * L);
        FloatVector.fromArray(F, part, p4 + 3 * L).add(a43).intoArray(part, p4 + 3 * L);
        int p5 = pOff + 5 * pStride;
        FloatVector.fromArray(F, part, p5).add(a50).intoArray(part, p5);
        FloatVector.fromArray(F, part, p5 + L).add(a51).intoArray(part, p5 + L);
        FloatVector.fromArray(F, part, p5 + 2 * L).add(a52).intoArray(part, p5 + 2 * L);
        FloatVector.fromArray(F, part, p5 + 3 * L).add(a53).intoArray(part, p5 + 3 * L);
    }

    private static void three(float[] w, int wOff, int k, MemorySegment xGroup, int kFrom, float[] part, int pOff,
                             int pStride) {
        FloatVector a00 = FloatVector.zero(F);
        FloatVector a01 = a00, a02 = a00, a10 = a00, a11 = a00;
        FloatVector a12 = a00, a20 = a00, a21 = a00, a22 = a00;
        FloatVector a30 = a00, a31 = a00, a32 = a00, a40 = a00;
        FloatVector a41 = a00, a42 = a00, a50 = a00, a51 = a00;
        FloatVector a52 = a00;
        for (int c = 0; c < k; c++) {
            long xo = (long) (kFrom + c) * ROW_BYTES;
            FloatVector x0 = FloatVector.fromMemorySegment(F, xGroup, xo, NATIVE);
            FloatVector x1 = FloatVector.fromMemorySegment(F, xGroup, xo + VEC_BYTES, NATIVE);
            FloatVector x2 = FloatVector.fromMemorySegment(F, xGroup, xo + 2 * VEC_BYTES, NATIVE);
            FloatVector b = FloatVector.broadcast(F, w[wOff + c]);
            a00 = b.fma(x0, a00);
            a01 = b.fma(x1, a01);
            a02 = b.fma(x2, a02);
            b = FloatVector.broadcast(F, w[wOff + k + c]);
            a10 = b.fma(x0, a10);
            a11 = b.fma(x1, a11);
            a12 = b.fma(x2, a12);
            b = FloatVector.broadcast(F, w[wOff + 2 * k + c]);
            a20 = b.fma(x0, a20);
            a21 = b.fma(x1, a21);
            a22 = b.fma(x2, a22);
            b = FloatVector.broadcast(F, w[wOff + 3 * k + c]);
            a30 = b.fma(x0, a30);
            a31 = b.fma(x1, a31);
            a32 = b.fma(x2, a32);
            b = FloatVector.broadcast(F, w[wOff + 4 * k + c]);
            a40 = b.fma(x0, a40);
            a41 = b.fma(x1, a41);
            a42 = b.fma(x2, a42);
            b = FloatVector.broadcast(F, w[wOff + 5 * k + c]);
            a50 = b.fma(x0, a50);
            a51 = b.fma(x1, a51);
            a52 = b.fma(x2, a52);
        }
        // Written out, not in a helper: a call after the loop is not inlined and would box the accumulators.
        int p0 = pOff;
        FloatVector.fromArray(F, part, p0).add(a00).intoArray(part, p0);
        FloatVector.fromArray(F, part, p0 + L).add(a01).intoArray(part, p0 + L);
        FloatVector.fromArray(F, part, p0 + 2 * L).add(a02).intoArray(part, p0 + 2 * L);
        int p1 = pOff + 1 * pStride;
        FloatVector.fromArray(F, part, p1).add(a10).intoArray(part, p1);
        FloatVector.fromArray(F, part, p1 + L).add(a11).intoArray(part, p1 + L);
        FloatVector.fromArray(F, part, p1 + 2 * L).add(a12).intoArray(part, p1 + 2 * L);
        int p2 = pOff + 2 * pStride;
        FloatVector.fromArray(F, part, p2).add(a20).intoArray(part, p2);
        FloatVector.fromArray(F, part, p2 + L).add(a21).intoArray(part, p2 + L);
        FloatVector.fromArray(F, part, p2 + 2 * L).add(a22).intoArray(part, p2 + 2 * L);
        int p3 = pOff + 3 * pStride;
        FloatVector.fromArray(F, part, p3).add(a30).intoArray(part, p3);
        FloatVector.fromArray(F, part, p3 + L).add(a31).intoArray(part, p3 + L);
        FloatVector.fromArray(F, part, p3 + 2 * L).add(a32).intoArray(part, p3 + 2 * L);
        int p4 = pOff + 4 * pStride;
        FloatVector.fromArray(F, part, p4).add(a40).intoArray(part, p4);
        FloatVector.fromArray(F, part, p4 + L).add(a41).intoArray(part, p4 + L);
        FloatVector.fromArray(F, part, p4 + 2 * L).add(a42).intoArray(part, p4 + 2 * L);
        int p5 = pOff + 5 * pStride;
        FloatVector.fromArray(F, part, p5).add(a50).intoArray(part, p5);
        FloatVector.fromArray(F, part, p5 + L).add(a51).intoArray(part, p5 + L);
        FloatVector.fromArray(F, part, p5 + 2 * L).add(a52).intoArray(part, p5 + 2 * L);
    }

    private static void two(float[] w, int wOff, int k, MemorySegment xGroup, int kFrom, float[] part, int pOff,
                             int pStride) {
        FloatVector a00 = FloatVector.zero(F);
        FloatVector a01 = a00, a10 = a00, a11 = a00, a20 = a00;
        FloatVector a21 = a00, a30 = a00, a31 = a00, a40 = a00;
        FloatVector a41 = a00, a50 = a00, a51 = a00;
        for (int c = 0; c < k; c++) {
            long xo = (long) (kFrom + c) * ROW_BYTES;
            FloatVector x0 = FloatVector.fromMemorySegment(F, xGroup, xo, NATIVE);
            FloatVector x1 = FloatVector.fromMemorySegment(F, xGroup, xo + VEC_BYTES, NATIVE);
            FloatVector b = FloatVector.broadcast(F, w[wOff + c]);
            a00 = b.fma(x0, a00);
            a01 = b.fma(x1, a01);
            b = FloatVector.broadcast(F, w[wOff + k + c]);
            a10 = b.fma(x0, a10);
            a11 = b.fma(x1, a11);
            b = FloatVector.broadcast(F, w[wOff + 2 * k + c]);
            a20 = b.fma(x0, a20);
            a21 = b.fma(x1, a21);
            b = FloatVector.broadcast(F, w[wOff + 3 * k + c]);
            a30 = b.fma(x0, a30);
            a31 = b.fma(x1, a31);
            b = FloatVector.broadcast(F, w[wOff + 4 * k + c]);
            a40 = b.fma(x0, a40);
            a41 = b.fma(x1, a41);
            b = FloatVector.broadcast(F, w[wOff + 5 * k + c]);
            a50 = b.fma(x0, a50);
            a51 = b.fma(x1, a51);
        }
        // Written out, not in a helper: a call after the loop is not inlined and would box the accumulators.
        int p0 = pOff;
        FloatVector.fromArray(F, part, p0).add(a00).intoArray(part, p0);
        FloatVector.fromArray(F, part, p0 + L).add(a01).intoArray(part, p0 + L);
        int p1 = pOff + 1 * pStride;
        FloatVector.fromArray(F, part, p1).add(a10).intoArray(part, p1);
        FloatVector.fromArray(F, part, p1 + L).add(a11).intoArray(part, p1 + L);
        int p2 = pOff + 2 * pStride;
        FloatVector.fromArray(F, part, p2).add(a20).intoArray(part, p2);
        FloatVector.fromArray(F, part, p2 + L).add(a21).intoArray(part, p2 + L);
        int p3 = pOff + 3 * pStride;
        FloatVector.fromArray(F, part, p3).add(a30).intoArray(part, p3);
        FloatVector.fromArray(F, part, p3 + L).add(a31).intoArray(part, p3 + L);
        int p4 = pOff + 4 * pStride;
        FloatVector.fromArray(F, part, p4).add(a40).intoArray(part, p4);
        FloatVector.fromArray(F, part, p4 + L).add(a41).intoArray(part, p4 + L);
        int p5 = pOff + 5 * pStride;
        FloatVector.fromArray(F, part, p5).add(a50).intoArray(part, p5);
        FloatVector.fromArray(F, part, p5 + L).add(a51).intoArray(part, p5 + L);
    }

    private static void one(float[] w, int wOff, int k, MemorySegment xGroup, int kFrom, float[] part, int pOff,
                             int pStride) {
        FloatVector a00 = FloatVector.zero(F);
        FloatVector a10 = a00, a20 = a00, a30 = a00, a40 = a00;
        FloatVector a50 = a00;
        for (int c = 0; c < k; c++) {
            long xo = (long) (kFrom + c) * ROW_BYTES;
            FloatVector x0 = FloatVector.fromMemorySegment(F, xGroup, xo, NATIVE);
            FloatVector b = FloatVector.broadcast(F, w[wOff + c]);
            a00 = b.fma(x0, a00);
            b = FloatVector.broadcast(F, w[wOff + k + c]);
            a10 = b.fma(x0, a10);
            b = FloatVector.broadcast(F, w[wOff + 2 * k + c]);
            a20 = b.fma(x0, a20);
            b = FloatVector.broadcast(F, w[wOff + 3 * k + c]);
            a30 = b.fma(x0, a30);
            b = FloatVector.broadcast(F, w[wOff + 4 * k + c]);
            a40 = b.fma(x0, a40);
            b = FloatVector.broadcast(F, w[wOff + 5 * k + c]);
            a50 = b.fma(x0, a50);
        }
        // Written out, not in a helper: a call after the loop is not inlined and would box the accumulators.
        int p0 = pOff;
        FloatVector.fromArray(F, part, p0).add(a00).intoArray(part, p0);
        int p1 = pOff + 1 * pStride;
        FloatVector.fromArray(F, part, p1).add(a10).intoArray(part, p1);
        int p2 = pOff + 2 * pStride;
        FloatVector.fromArray(F, part, p2).add(a20).intoArray(part, p2);
        int p3 = pOff + 3 * pStride;
        FloatVector.fromArray(F, part, p3).add(a30).intoArray(part, p3);
        int p4 = pOff + 4 * pStride;
        FloatVector.fromArray(F, part, p4).add(a40).intoArray(part, p4);
        int p5 = pOff + 5 * pStride;
        FloatVector.fromArray(F, part, p5).add(a50).intoArray(part, p5);
    }
}
