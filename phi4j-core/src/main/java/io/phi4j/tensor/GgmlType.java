package io.phi4j.tensor;

import io.phi4j.PhiException;

/**
 * Tensor element types with ggml's numeric ids (they are what GGUF files store), block size in elements and
 * block size in bytes. The layouts are ggml's (ggml-common.h); each quantized type has its own codec class.
 */
public enum GgmlType {
    F32(0, 1, 4),
    F16(1, 1, 2),
    Q4_0(2, 32, 2 + 16),
    Q4_1(3, 32, 2 + 2 + 16),
    Q5_0(6, 32, 2 + 4 + 16),
    Q5_1(7, 32, 2 + 2 + 4 + 16),
    Q8_0(8, 32, 2 + 32),
    Q8_1(9, 32, 4 + 32),
    Q2_K(10, 256, 256 / 16 + 256 / 4 + 2 + 2),
    Q3_K(11, 256, 256 / 8 + 256 / 4 + 12 + 2),
    Q4_K(12, 256, 2 + 2 + 12 + 256 / 2),
    Q5_K(13, 256, 2 + 2 + 12 + 256 / 8 + 256 / 2),
    Q6_K(14, 256, 256 / 2 + 256 / 4 + 256 / 16 + 2),
    Q8_K(15, 256, 4 + 256 + 256 / 16 * 2),
    I8(24, 1, 1),
    I16(25, 1, 2),
    I32(26, 1, 4),
    I64(27, 1, 8),
    F64(28, 1, 8),
    BF16(30, 1, 2);

    private final int id;
    private final int blockSize;
    private final int blockBytes;

    GgmlType(int id, int blockSize, int blockBytes) {
        this.id = id;
        this.blockSize = blockSize;
        this.blockBytes = blockBytes;
    }

    /** ggml's numeric id, as stored in GGUF tensor infos. */
    public int id() {
        return id;
    }

    /** Elements per block (1 for plain float types). */
    public int blockSize() {
        return blockSize;
    }

    /** Bytes per block. */
    public int blockBytes() {
        return blockBytes;
    }

    public boolean isQuantized() {
        return blockSize > 1;
    }

    /** Bytes taken by {@code elements} elements; the count must be a whole number of blocks. */
    public long byteSize(long elements) {
        if (elements % blockSize != 0) {
            throw new PhiException(this + " needs a multiple of " + blockSize + " elements, got " + elements);
        }
        return elements / blockSize * blockBytes;
    }

    public static GgmlType fromId(int id) {
        return byId(id).orElseThrow(() -> new PhiException("unknown ggml tensor type id " + id));
    }

    /** The type with ggml id {@code id}, or empty if phi4j does not know it (e.g. the IQ* types). */
    public static java.util.Optional<GgmlType> byId(int id) {
        for (GgmlType t : values()) {
            if (t.id == id) {
                return java.util.Optional.of(t);
            }
        }
        return java.util.Optional.empty();
    }

    /** Parses a user-facing name such as {@code q8_0}, {@code Q4_K} or {@code f16}. */
    public static GgmlType parse(String name) {
        for (GgmlType t : values()) {
            if (t.name().equalsIgnoreCase(name)) {
                return t;
            }
        }
        throw new PhiException("unknown tensor type '" + name + "'");
    }
}
