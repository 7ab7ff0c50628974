package io.phi4j.format.gguf;

import java.util.List;
import java.util.Objects;

/**
 * One GGUF metadata value with its exact file type, so a uint32 read from a file is written back as a uint32.
 *
 * <p>Java representation of {@code value} by type: every integer type is a {@link Long} holding the numeric value
 * (UINT64 holds the raw 64 bits, so values of 2^63 and above appear negative; use
 * {@link Long#toUnsignedString(long)}); FLOAT32 a {@link Float}; FLOAT64 a {@link Double}; BOOL a {@link Boolean};
 * STRING a {@link String}; ARRAY a {@link GgufArray}.
 */
public record GgufValue(GgufValueType type, Object value) {

    public GgufValue {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(value, "value");
        Class<?> expected = switch (type) {
            case UINT8, INT8, UINT16, INT16, UINT32, INT32, UINT64, INT64 -> Long.class;
            case FLOAT32 -> Float.class;
            case FLOAT64 -> Double.class;
            case BOOL -> Boolean.class;
            case STRING -> String.class;
            case ARRAY -> GgufArray.class;
        };
        if (!expected.isInstance(value)) {
            throw new IllegalArgumentException("a " + type + " value must be a " + expected.getSimpleName()
                    + ", got " + value.getClass().getSimpleName());
        }
        if (type.isInteger()) {
            type.checkRange((Long) value);
        }
    }

    public static GgufValue uint8(int v) {
        return new GgufValue(GgufValueType.UINT8, (long) v);
    }

    public static GgufValue int8(int v) {
        return new GgufValue(GgufValueType.INT8, (long) v);
    }

    public static GgufValue uint16(int v) {
        return new GgufValue(GgufValueType.UINT16, (long) v);
    }

    public static GgufValue int16(int v) {
        return new GgufValue(GgufValueType.INT16, (long) v);
    }

    public static GgufValue uint32(long v) {
        return new GgufValue(GgufValueType.UINT32, v);
    }

    public static GgufValue int32(int v) {
        return new GgufValue(GgufValueType.INT32, (long) v);
    }

    /** {@code bits} is taken as an unsigned 64-bit value. */
    public static GgufValue uint64(long bits) {
        return new GgufValue(GgufValueType.UINT64, bits);
    }

    public static GgufValue int64(long v) {
        return new GgufValue(GgufValueType.INT64, v);
    }

    public static GgufValue float32(float v) {
        return new GgufValue(GgufValueType.FLOAT32, v);
    }

    public static GgufValue float64(double v) {
        return new GgufValue(GgufValueType.FLOAT64, v);
    }

    public static GgufValue bool(boolean v) {
        return new GgufValue(GgufValueType.BOOL, v);
    }

    public static GgufValue string(String v) {
        return new GgufValue(GgufValueType.STRING, v);
    }

    public static GgufValue array(GgufArray v) {
        return new GgufValue(GgufValueType.ARRAY, v);
    }

    public static GgufValue stringArray(List<String> v) {
        return array(GgufArray.ofStrings(v));
    }

    public static GgufValue int32Array(int[] v) {
        return array(GgufArray.ofInt32(v));
    }

    public static GgufValue float32Array(float[] v) {
        return array(GgufArray.ofFloat32(v));
    }

    @Override
    public String toString() {
        String shown = type == GgufValueType.UINT64 ? Long.toUnsignedString((Long) value)
                : type == GgufValueType.STRING ? '"' + (String) value + '"' : String.valueOf(value);
        return type + " " + shown;
    }
}
