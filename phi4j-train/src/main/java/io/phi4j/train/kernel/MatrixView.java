package io.phi4j.train.kernel;

/**
 * A float matrix inside a heap array, addressed by strides: element {@code (i, j)} is
 * {@code data[offset + i * rowStride + j * colStride]}. A row-major {@code [rows, cols]} array has strides
 * {@code (cols, 1)}; its transpose is the same array with the strides swapped, so no copy is ever needed to
 * express {@code Wᵀ} or {@code dYᵀ}: the GEMM's packing step absorbs the layout.
 */
public record MatrixView(float[] data, int offset, int rowStride, int colStride) {

    /** A row-major matrix with {@code cols} columns starting at {@code offset}. */
    public static MatrixView rowMajor(float[] data, int offset, int cols) {
        return new MatrixView(data, offset, cols, 1);
    }

    public static MatrixView rowMajor(float[] data, int cols) {
        return rowMajor(data, 0, cols);
    }

    public MatrixView transposed() {
        return new MatrixView(data, offset, colStride, rowStride);
    }

    public float get(int i, int j) {
        return data[offset + i * rowStride + j * colStride];
    }
}
