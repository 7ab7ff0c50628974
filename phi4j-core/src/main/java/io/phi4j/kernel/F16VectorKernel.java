package io.phi4j.kernel;

import io.phi4j.tensor.GgmlType;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.ShortVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

import static io.phi4j.kernel.Simd.F;
import static io.phi4j.kernel.Simd.I;
import static io.phi4j.kernel.Simd.L;
import static io.phi4j.kernel.Simd.LE;
import static io.phi4j.kernel.Simd.S;

/**
 * IEEE half weights with vectors. VectorOperators has no half-to-float conversion, so each half is widened to an
 * int and rebuilt with integer ops: {@code (h << 13) & 0x8FFFE000} puts the sign (a sign-extension copy) at bit
 * 31 and exponent and mantissa at the float's positions, and adding 112 to the exponent field rebiases it (15 to
 * 127). That is exact for every normal half. Zeros, subnormals, infinities and NaNs (exponent field 0 or 31) are
 * rare in weights, so a vector holding any takes a slower exact fix-up. Not a multiply by 2^112 instead of the
 * add: that would feed float subnormals to the multiplier, which x86 handles in microcode (measured 30% slower
 * on typical weights, where 0.2% of halves are subnormal). A scalar fix-up through a buffer, called out of line,
 * measured 2x slower than the inline vector one.
 */
final class F16VectorKernel implements WeightKernel {
    /** Scratch for two accumulators' lanes. */
    private static final ThreadLocal<float[]> TWO_LANES = ThreadLocal.withInitial(() -> new float[2 * L]);

    @Override
    public GgmlType type() {
        return GgmlType.F16;
    }

    static FloatVector load(MemorySegment w, long offset) {
        IntVector h = (IntVector) ShortVector.fromMemorySegment(S, w, offset, LE).convertShape(VectorOperators.S2I, I, 0);
        IntVector bits = h.lanewise(VectorOperators.LSHL, 13).and(0x8FFFE000).add(112 << 23);
        VectorMask<Integer> special = h.and(0x7C00).sub(0x0400).compare(VectorOperators.UGE, 0x7800);
        if (special.anyTrue()) {
            // Written inline: a call here would not be inlined (cold), and vectors crossing it get boxed.
            IntVector sign = h.lanewise(VectorOperators.LSHL, 16).and(0x80000000);
            IntVector mag = h.lanewise(VectorOperators.LSHL, 13).and(0x0FFFE000);
            // Exponent field 0: the add read 0.m as 1.m * 2^-15; twice that minus 2^-14 is 0.m * 2^-14, exactly.
            IntVector small = mag.add(112 << 23).reinterpretAsFloats()
                    .lanewise(VectorOperators.FMA, 2f, -0x1.0p-14f).reinterpretAsInts().or(sign);
            // Exponent field 31: all-ones float exponent, mantissa (NaN payload) kept, NaNs made quiet as
            // Float.float16ToFloat (and x86's vcvtph2ps) do.
            IntVector big = mag.or(0x7F800000).or(sign);
            big = big.lanewise(VectorOperators.OR, 0x00400000, mag.and(0x007FE000).compare(VectorOperators.NE, 0));
            bits = bits.blend(big, special).blend(small, mag.compare(VectorOperators.LT, 0x00800000));
        }
        return bits.reinterpretAsFloats();
    }

    @Override
    public void matVec(MemorySegment w, long rowBytes, int cols, MemorySegment x, int xOff, float[] out, int outOff,
                       int from, int to) {
        float[] lanes = TWO_LANES.get();
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
            // Simd.sum's order, inline: C2 does not inline Simd.sum into this method (past its budget), and a
            // vector passed to a call that is not inlined is boxed, one allocation per row.
            acc0.intoArray(lanes, 0);
            acc1.intoArray(lanes, L);
            float s0 = 0f, s1 = 0f;
            for (int i = 0; i < L; i++) {
                s0 += lanes[i];
                s1 += lanes[L + i];
            }
            for (int c = vecCols; c < cols; c++) {
                s0 += Bits.f16(w, o0 + 2L * c) * x.getAtIndex(ValueLayout.JAVA_FLOAT, xOff + c);
                s1 += Bits.f16(w, o1 + 2L * c) * x.getAtIndex(ValueLayout.JAVA_FLOAT, xOff + c);
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
            acc0.intoArray(lanes, 0);
            float s0 = 0f;
            for (int i = 0; i < L; i++) {
                s0 += lanes[i];
            }
            for (int c = vecCols; c < cols; c++) {
                s0 += Bits.f16(w, o0 + 2L * c) * x.getAtIndex(ValueLayout.JAVA_FLOAT, xOff + c);
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
