package io.phi4j.kernel;

import io.phi4j.tensor.GgmlType;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.ShortVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;

import java.lang.foreign.MemorySegment;

import static io.phi4j.kernel.Simd.F;
import static io.phi4j.kernel.Simd.I;
import static io.phi4j.kernel.Simd.L;
import static io.phi4j.kernel.Simd.LE;
import static io.phi4j.kernel.Simd.S;

/**
 * IEEE half weights with vectors. VectorOperators has no half-to-float conversion, so each half is widened to an
 * int and rebuilt with integer ops: {@code (h << 13) & 0x8FFFE000} puts the sign (a sign-extension copy) at bit
 * 31 and exponent+mantissa at the float's positions, the product with 2^112 then rebiases the exponent (15 to
 * 127), which also turns half subnormals into the right normal floats. Inf/NaN halves (exponent 31) get the
 * float's all-ones exponent first. Exact: equals {@link Float#float16ToFloat} for every input.
 */
final class F16VectorKernel implements WeightKernel {
    private static final float REBIAS = 0x1.0p112f;

    @Override
    public GgmlType type() {
        return GgmlType.F16;
    }

    static FloatVector load(MemorySegment w, long offset) {
        IntVector h = (IntVector) ShortVector.fromMemorySegment(S, w, offset, LE).convertShape(VectorOperators.S2I, I, 0);
        IntVector bits = h.lanewise(VectorOperators.LSHL, 13).and(0x8FFFE000);
        VectorMask<Integer> infNan = h.and(0x7C00).eq(0x7C00);
        bits = bits.lanewise(VectorOperators.OR, 0x7F800000, infNan);
        return bits.reinterpretAsFloats().mul(REBIAS);
    }

    @Override
    public void matVec(MemorySegment w, long rowBytes, int cols, float[] x, int xOff, float[] out, int outOff,
                       int from, int to) {
        int vecCols = cols - cols % L;
        int r = from;
        for (; r + 1 < to; r += 2) {
            long o0 = r * rowBytes, o1 = o0 + rowBytes;
            FloatVector acc0 = FloatVector.zero(F), acc1 = FloatVector.zero(F);
            for (int c = 0; c < vecCols; c += L) {
                FloatVector xv = FloatVector.fromArray(F, x, xOff + c);
                acc0 = load(w, o0 + 2L * c).fma(xv, acc0);
                acc1 = load(w, o1 + 2L * c).fma(xv, acc1);
            }
            float s0 = acc0.reduceLanes(VectorOperators.ADD), s1 = acc1.reduceLanes(VectorOperators.ADD);
            for (int c = vecCols; c < cols; c++) {
                s0 += Bits.f16(w, o0 + 2L * c) * x[xOff + c];
                s1 += Bits.f16(w, o1 + 2L * c) * x[xOff + c];
            }
            out[outOff + r] = s0;
            out[outOff + r + 1] = s1;
        }
        for (; r < to; r++) {
            long o0 = r * rowBytes;
            FloatVector acc0 = FloatVector.zero(F);
            for (int c = 0; c < vecCols; c += L) {
                acc0 = load(w, o0 + 2L * c).fma(FloatVector.fromArray(F, x, xOff + c), acc0);
            }
            float s0 = acc0.reduceLanes(VectorOperators.ADD);
            for (int c = vecCols; c < cols; c++) {
                s0 += Bits.f16(w, o0 + 2L * c) * x[xOff + c];
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
            dst[dstOff + c] = Bits.f16(w, offset + 2L * c);
        }
    }
}
