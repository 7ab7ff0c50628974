package io.phi4j.kernel;

import io.phi4j.tensor.GgmlType;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/** Scalar twin of the F32, F16 and BF16 vector kernels: one element decode, then a plain dot. */
final class FloatScalarKernel implements WeightKernel {
    private final GgmlType type;
    private final int width;

    FloatScalarKernel(GgmlType type) {
        if (type != GgmlType.F32 && type != GgmlType.F16 && type != GgmlType.BF16) {
            throw new IllegalArgumentException(type.toString());
        }
        this.type = type;
        this.width = type == GgmlType.F32 ? 4 : 2;
    }

    @Override
    public GgmlType type() {
        return type;
    }

    private float at(MemorySegment w, long offset) {
        return switch (type) {
            case F32 -> w.get(Bits.FLOAT, offset);
            case F16 -> Bits.f16(w, offset);
            default -> Bits.bf16(w, offset);
        };
    }

    @Override
    public void matVec(MemorySegment w, long rowBytes, int cols, MemorySegment x, int xOff, float[] out, int outOff,
                       int from, int to) {
        for (int r = from; r < to; r++) {
            long row = r * rowBytes;
            float sum = 0f;
            for (int c = 0; c < cols; c++) {
                sum += at(w, row + (long) width * c) * x.getAtIndex(ValueLayout.JAVA_FLOAT, xOff + c);
            }
            out[outOff + r] = sum;
        }
    }

    @Override
    public void decode(MemorySegment w, long offset, int count, float[] dst, int dstOff) {
        for (int c = 0; c < count; c++) {
            dst[dstOff + c] = at(w, offset + (long) width * c);
        }
    }
}
