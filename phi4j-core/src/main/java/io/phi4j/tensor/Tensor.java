package io.phi4j.tensor;

import io.phi4j.PhiException;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.Arrays;

/**
 * A named, typed, n-dimensional array whose bytes live in a {@link MemorySegment} (usually a memory-mapped
 * region of a model file, so opening a model costs no heap).
 *
 * <p>{@code shape} is in row-major (NumPy / PyTorch) order: {@code shape[shape.length - 1]} is the innermost,
 * contiguous dimension. A 2-D weight {@code [out, in]} therefore has {@code rows() == out} rows of
 * {@code cols() == in} elements. (GGUF lists dimensions innermost first; its reader reverses them.)
 */
public final class Tensor {
    private final String name;
    private final GgmlType type;
    private final long[] shape;
    private final MemorySegment data;

    public Tensor(String name, GgmlType type, long[] shape, MemorySegment data) {
        this.name = name;
        this.type = type;
        this.shape = shape.clone();
        this.data = data;
        long elements = elementCount(shape);
        if (cols() % type.blockSize() != 0) {
            throw new PhiException("tensor " + name + ": row length " + cols() + " is not a multiple of "
                    + type + "'s block size " + type.blockSize());
        }
        long expected = type.byteSize(elements);
        if (data.byteSize() != expected) {
            throw new PhiException("tensor " + name + ": " + data.byteSize() + " bytes of data, but shape "
                    + Arrays.toString(shape) + " of " + type + " needs " + expected);
        }
    }

    /** A float32 tensor backed by a heap copy of {@code values}. */
    public static Tensor ofFloats(String name, long[] shape, float[] values) {
        MemorySegment seg = MemorySegment.ofArray(new byte[Math.multiplyExact(values.length, 4)]);
        MemorySegment.copy(values, 0, seg, Le.FLOAT, 0, values.length); // GGUF / ggml data is little-endian
        return new Tensor(name, GgmlType.F32, shape, seg);
    }

    /** Encodes {@code values} (row-major, {@code shape}) as {@code type} into memory from {@code arena}. */
    public static Tensor encode(String name, GgmlType type, long[] shape, float[] values, Arena arena) {
        MemorySegment seg = arena.allocate(type.byteSize(values.length), 64);
        Codecs.of(type).quantize(values, 0, seg, 0, values.length);
        return new Tensor(name, type, shape, seg);
    }

    public static long elementCount(long[] shape) {
        long n = 1;
        for (long d : shape) {
            if (d < 0) {
                throw new PhiException("negative dimension in shape " + Arrays.toString(shape));
            }
            n = Math.multiplyExact(n, d);
        }
        return n;
    }

    public String name() {
        return name;
    }

    public GgmlType type() {
        return type;
    }

    public long[] shape() {
        return shape.clone();
    }

    public int rank() {
        return shape.length;
    }

    public long dim(int i) {
        return shape[i];
    }

    public MemorySegment data() {
        return data;
    }

    public long elementCount() {
        return elementCount(shape);
    }

    /** Length of the innermost dimension (1 for a scalar). */
    public int cols() {
        return shape.length == 0 ? 1 : Math.toIntExact(shape[shape.length - 1]);
    }

    /** Number of rows: the product of all dimensions but the innermost. */
    public int rows() {
        return Math.toIntExact(elementCount() / Math.max(1, cols()));
    }

    public long rowBytes() {
        return type.byteSize(cols());
    }

    /** Decodes row {@code row} into {@code dst[dstOffset .. dstOffset + cols())}. */
    public void dequantizeRow(int row, float[] dst, int dstOffset) {
        Codecs.of(type).dequantize(data, row * rowBytes(), dst, dstOffset, cols());
    }

    /** Decodes the whole tensor into a new float array (row-major). */
    public float[] toFloatArray() {
        float[] out = new float[Math.toIntExact(elementCount())];
        Codecs.of(type).dequantize(data, 0, out, 0, out.length);
        return out;
    }

    /** Rows {@code [from, to)} as a tensor sharing this one's memory (used to split a fused QKV matrix). */
    public Tensor sliceRows(String newName, int from, int to) {
        if (from < 0 || to > rows() || from > to) {
            throw new IllegalArgumentException("rows " + from + ".." + to + " of " + rows());
        }
        long[] newShape = shape.length <= 1 ? new long[] {(long) (to - from) * cols()} : new long[] {to - from, cols()};
        if (shape.length > 2) {
            throw new IllegalArgumentException("sliceRows on a " + shape.length + "-D tensor");
        }
        return new Tensor(newName, type, newShape, data.asSlice(from * rowBytes(), (to - from) * rowBytes()));
    }

    /** The same bytes under another name. */
    public Tensor withName(String newName) {
        return new Tensor(newName, type, shape, data);
    }

    /** The same bytes viewed with another shape of the same element count. */
    public Tensor reshape(long... newShape) {
        return new Tensor(name, type, newShape, data);
    }

    @Override
    public String toString() {
        return name + " " + type + " " + Arrays.toString(shape);
    }
}
