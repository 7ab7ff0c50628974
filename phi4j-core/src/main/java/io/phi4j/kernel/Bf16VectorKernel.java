package io.phi4j.kernel;

import io.phi4j.tensor.GgmlType;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.ShortVector;
import jdk.incubator.vector.VectorOperators;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

import static io.phi4j.kernel.Simd.F;
import static io.phi4j.kernel.Simd.I;
import static io.phi4j.kernel.Simd.L;
import static io.phi4j.kernel.Simd.LE;
import static io.phi4j.kernel.Simd.S;

/** bfloat16 weights with vectors: each value widened to an int and shifted into a float's top 16 bits (exact). */
final class Bf16VectorKernel implements WeightKernel {
    @Override
    public GgmlType type() {
        return GgmlType.BF16;
    }

    static FloatVector load(MemorySegment w, long offset) {
        IntVector h = (IntVector) ShortVector.fromMemorySegment(S, w, offset, LE).convertShape(VectorOperators.S2I, I, 0);
        return h.lanewise(VectorOperators.LSHL, 16).reinterpretAsFloats();
    }

    @Override
    public void matVec(MemorySegment w, long rowBytes, int cols, MemorySegment x, int xOff, float[] out, int outOff,
                       int from, int to) {
        float[] lanes = Simd.LANES.get();
        int vecCols = cols - cols % L;
        // Rows r and r + half together: two memory streams per thread, far apart (see MatMul's class comment).
        int half = (to - from) / 2;
        int r = from;
        for (; r < from + half; r++) {
            long o0 = r * rowBytes, o1 = o0 + half * rowBytes;
            FloatVector acc0 = FloatVector.zero(F), acc1 = FloatVector.zero(F);
            for (int c = 0; c < vecCols; c += L) {
                FloatVector xv = FloatVector.fromMemorySegment(F, x, 4L * (xOff + c), Simd.NATIVE);
                acc0 = load(w, o0 + 2L * c).fma(xv, acc0);
                acc1 = load(w, o1 + 2L * c).fma(xv, acc1);
            }
            float s0 = Simd.sum(acc0, lanes), s1 = Simd.sum(acc1, lanes);
            for (int c = vecCols; c < cols; c++) {
                s0 += Bits.bf16(w, o0 + 2L * c) * x.getAtIndex(ValueLayout.JAVA_FLOAT, xOff + c);
                s1 += Bits.bf16(w, o1 + 2L * c) * x.getAtIndex(ValueLayout.JAVA_FLOAT, xOff + c);
            }
            out[outOff + r] = s0;
            out[outOff + r + half] = s1;
        }
        for (r = from + 2 * half; r < to; r++) {
            long o0 = r * rowBytes;
            FloatVector acc0 = FloatVector.zero(F);
            for (int c = 0; c < vecCols; c += L) {
                acc0 = load(w, o0 + 2L * c).fma(FloatVector.fromMemorySegment(F, x, 4L * (xOff + c), Simd.NATIVE), acc0);
            }
            float s0 = Simd.sum(acc0, lanes);
            for (int c = vecCols; c < cols; c++) {
                s0 += Bits.bf16(w, o0 + 2L * c) * x.getAtIndex(ValueLayout.JAVA_FLOAT, xOff + c);
            }
            out[outOff + r] = s0;
        }
    }

    @Override
    public void decode(MemorySegment w, long offset, int count, float[] dst, int dstOff) {
        int vec = count - count % L;
        for (int c = 0; c < vec; c += L) {
            load(w, offset + 2L * c).intoArray(dst, dstOff + c);
        }
        for (int c = vec; c < count; c++) {
            dst[dstOff + c] = Bits.bf16(w, offset + 2L * c);
        }
    }
}
