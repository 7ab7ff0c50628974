package io.phi4j.format.gguf;

/** The 13 GGUF metadata value types, with their ids as stored in the file (gguf.h's enum gguf_type). */
public enum GgufValueType {
    UINT8(0, 1),
    INT8(1, 1),
    UINT16(2, 2),
    INT16(3, 2),
    UINT32(4, 4),
    INT32(5, 4),
    FLOAT32(6, 4),
    BOOL(7, 1),
    /** uint64 byte length + UTF-8 bytes. */
    STRING(8, 0),
    /** uint32 element type + uint64 count + elements. */
    ARRAY(9, 0),
    UINT64(10, 8),
    INT64(11, 8),
    FLOAT64(12, 8);

    private static final GgufValueType[] BY_ID = new GgufValueType[13];

    static {
        for (GgufValueType t : values()) {
            BY_ID[t.id] = t;
        }
    }

    private final int id;
    private final int fixedSize;

    GgufValueType(int id, int fixedSize) {
        this.id = id;
        this.fixedSize = fixedSize;
    }

    public int id() {
        return id;
    }

    /** Encoded size in bytes for fixed-size types, 0 for STRING and ARRAY. */
    public int fixedSize() {
        return fixedSize;
    }

    /** The fewest bytes one value of this type can take in a file (used to reject absurd counts early). */
    public int minEncodedSize() {
        return switch (this) {
            case STRING -> 8;
            case ARRAY -> 4 + 8;
            default -> fixedSize;
        };
    }

    public boolean isInteger() {
        return switch (this) {
            case UINT8, INT8, UINT16, INT16, UINT32, INT32, UINT64, INT64 -> true;
            default -> false;
        };
    }

    /** The type with file id {@code id}, or null if there is none. */
    public static GgufValueType byId(long id) {
        return id >= 0 && id < BY_ID.length ? BY_ID[(int) id] : null;
    }

    /** Throws IllegalArgumentException unless {@code v} fits this integer type (UINT64 takes any long's bits). */
    void checkRange(long v) {
        boolean ok = switch (this) {
            case UINT8 -> v >= 0 && v <= 0xFF;
            case INT8 -> v >= Byte.MIN_VALUE && v <= Byte.MAX_VALUE;
            case UINT16 -> v >= 0 && v <= 0xFFFF;
            case INT16 -> v >= Short.MIN_VALUE && v <= Short.MAX_VALUE;
            case UINT32 -> v >= 0 && v <= 0xFFFF_FFFFL;
            case INT32 -> v >= Integer.MIN_VALUE && v <= Integer.MAX_VALUE;
            case UINT64, INT64 -> true;
            default -> throw new IllegalArgumentException(this + " is not an integer type");
        };
        if (!ok) {
            throw new IllegalArgumentException(v + " does not fit " + this);
        }
    }
}
