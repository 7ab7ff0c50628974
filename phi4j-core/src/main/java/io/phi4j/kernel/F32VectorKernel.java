package io.phi4j.kernel;

import io.phi4j.tensor.GgmlType;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

import static io.phi4j.kernel.Simd.F;
import static io.phi4j.kernel.Simd.L;
import static io.phi4j.kernel.Simd.LE;

/** float32 weights with vectors: loads straight from the segment, two rows per pass sharing the x loads. */
final class F32VectorKernel implements WeightKernel {
    @Override
    public GgmlType type() {
        return GgmlType.F32;
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
                acc0 = FloatVector.fromMemorySegment(F, w, o0 + 4L * c, LE).fma(xv, acc0);
                acc1 = FloatVector.fromMemorySegment(F, w, o1 + 4L * c, LE).fma(xv, acc1);
            }
            float s0 = Simd.sum(acc0, lanes), s1 = Simd.sum(acc1, lanes);
            for (int c = vecCols; c < cols; c++) {
                s0 += w.get(Bits.FLOAT, o0 + 4L * c) * x.getAtIndex(ValueLayout.JAVA_FLOAT, xOff + c);
                s1 += w.get(Bits.FLOAT, o1 + 4L * c) * x.getAtIndex(ValueLayout.JAVA_FLOAT, xOff + c);
            }
            out[outOff + r] = s0;
            out[outOff + r + half] = s1;
        }
        for (r = from + 2 * half; r < to; r++) {
            long o0 = r * rowBytes;
            FloatVector acc0 = FloatVector.zero(F);
            for (int c = 0; c < vecCols; c += L) {
                acc0 = FloatVector.fromMemorySegment(F, w, o0 + 4L * c, LE).fma(FloatVector.fromMemorySegment(F, x, 4L * (xOff + c), Simd.NATIVE), acc0);
            }
            float s0 = Simd.sum(acc0, lanes);
            for (int c = vecCols; c < cols; c++) {
                s0 += w.get(Bits.FLOAT, o0 + 4L * c) * x.getAtIndex(ValueLayout.JAVA_FLOAT, xOff + c);
            }
            out[outOff + r] = s0;
        }
    }

    @Override
    public void decode(MemorySegment w, long offset, int count, float[] dst, int dstOff) {
        MemorySegment.copy(w, Bits.FLOAT, offset, dst, dstOff, count);
    }
}
