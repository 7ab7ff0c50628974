package io.phi4j.format.gguf;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

/**
 * An immutable GGUF array: an element type and the elements, kept as one primitive array so that 50k-entry
 * vocabularies stay compact and no array takes more heap than its bytes in the file (times the few bytes of a
 * String header). Storage by element type: UINT8/INT8 {@code byte[]}, UINT16/INT16 {@code short[]}, UINT32/INT32
 * {@code int[]}, UINT64/INT64 {@code long[]} (unsigned types keep their raw bits), FLOAT32 {@code float[]},
 * FLOAT64 {@code double[]}, BOOL {@code boolean[]}, STRING {@code String[]}, ARRAY {@code GgufArray[]} (nested
 * arrays, which GGUF allows and gguf-py writes).
 */
public final class GgufArray {
    private final GgufValueType elementType;
    private final Object data;
    private final int size;

    private GgufArray(GgufValueType elementType, Object data, int size) {
        this.elementType = elementType;
        this.data = data;
        this.size = size;
    }

    /** Wraps {@code data} without copying; the caller hands over ownership (the reader's fast path). */
    static GgufArray wrap(GgufValueType elementType, Object data) {
        int size = switch (data) {
            case byte[] a -> a.length;
            case short[] a -> a.length;
            case int[] a -> a.length;
            case long[] a -> a.length;
            case float[] a -> a.length;
            case double[] a -> a.length;
            case boolean[] a -> a.length;
            case String[] a -> a.length;
            case GgufArray[] a -> a.length;
            default -> throw new IllegalArgumentException("unsupported array storage " + data.getClass());
        };
        return new GgufArray(elementType, data, size);
    }

    public static GgufArray ofStrings(List<String> values) {
        String[] a = values.toArray(new String[0]);
        for (String s : a) {
            Objects.requireNonNull(s, "null string in array");
        }
        return new GgufArray(GgufValueType.STRING, a, a.length);
    }

    /** An array of the integer type {@code type}; every value must fit it. */
    public static GgufArray ofIntegers(GgufValueType type, long[] values) {
        if (!type.isInteger()) {
            throw new IllegalArgumentException(type + " is not an integer type");
        }
        for (long v : values) {
            type.checkRange(v);
        }
        int n = values.length;
        Object storage = switch (type.fixedSize()) {
            case 1 -> {
                byte[] a = new byte[n];
                for (int i = 0; i < n; i++) {
                    a[i] = (byte) values[i];
                }
                yield a;
            }
            case 2 -> {
                short[] a = new short[n];
                for (int i = 0; i < n; i++) {
                    a[i] = (short) values[i];
                }
                yield a;
            }
            case 4 -> {
                int[] a = new int[n];
                for (int i = 0; i < n; i++) {
                    a[i] = (int) values[i];
                }
                yield a;
            }
            default -> values.clone();
        };
        return new GgufArray(type, storage, n);
    }

    public static GgufArray ofInt32(int[] values) {
        return new GgufArray(GgufValueType.INT32, values.clone(), values.length);
    }

    public static GgufArray ofFloat32(float[] values) {
        return new GgufArray(GgufValueType.FLOAT32, values.clone(), values.length);
    }

    public static GgufArray ofFloat64(double[] values) {
        return new GgufArray(GgufValueType.FLOAT64, values.clone(), values.length);
    }

    public static GgufArray ofBools(boolean[] values) {
        return new GgufArray(GgufValueType.BOOL, values.clone(), values.length);
    }

    public static GgufArray ofArrays(List<GgufArray> values) {
        GgufArray[] a = values.toArray(new GgufArray[0]);
        for (GgufArray v : a) {
            Objects.requireNonNull(v, "null array in array");
        }
        return new GgufArray(GgufValueType.ARRAY, a, a.length);
    }

    public GgufValueType elementType() {
        return elementType;
    }

    public int size() {
        return size;
    }

    /** STRING elements as an unmodifiable list (no copy). */
    public List<String> strings() {
        return Collections.unmodifiableList(Arrays.asList(storage(GgufValueType.STRING, String[].class)));
    }

    /** Integer elements (any integer element type) as numeric values; UINT64 as raw bits. */
    public long[] longs() {
        if (!elementType.isInteger()) {
            throw new IllegalStateException("array of " + elementType + " is not an integer array");
        }
        long[] out = new long[size];
        for (int i = 0; i < size; i++) {
            out[i] = longAt(i);
        }
        return out;
    }

    /** Integer element {@code i} as its numeric value (unsigned types zero-extended; UINT64 raw bits). */
    long longAt(int i) {
        return switch (data) {
            case byte[] a -> elementType == GgufValueType.UINT8 ? a[i] & 0xFF : a[i];
            case short[] a -> elementType == GgufValueType.UINT16 ? a[i] & 0xFFFF : a[i];
            case int[] a -> elementType == GgufValueType.UINT32 ? Integer.toUnsignedLong(a[i]) : a[i];
            case long[] a -> a[i];
            default -> throw new IllegalStateException("array of " + elementType + " is not an integer array");
        };
    }

    public float[] floats() {
        return storage(GgufValueType.FLOAT32, float[].class).clone();
    }

    public double[] doubles() {
        return storage(GgufValueType.FLOAT64, double[].class).clone();
    }

    public boolean[] booleans() {
        return storage(GgufValueType.BOOL, boolean[].class).clone();
    }

    public List<GgufArray> arrays() {
        return Collections.unmodifiableList(Arrays.asList(storage(GgufValueType.ARRAY, GgufArray[].class)));
    }

    /** Element {@code i} as a typed value. */
    public GgufValue get(int i) {
        Objects.checkIndex(i, size);
        if (elementType.isInteger()) {
            return new GgufValue(elementType, longAt(i));
        }
        return switch (data) {
            case float[] a -> GgufValue.float32(a[i]);
            case double[] a -> GgufValue.float64(a[i]);
            case boolean[] a -> GgufValue.bool(a[i]);
            case String[] a -> GgufValue.string(a[i]);
            case GgufArray[] a -> GgufValue.array(a[i]);
            default -> throw new AssertionError();
        };
    }

    /** The raw storage, not copied; package-private for the writer. */
    Object data() {
        return data;
    }

    private <T> T storage(GgufValueType want, Class<T> cls) {
        if (elementType != want) {
            throw new IllegalStateException("array of " + elementType + " is not an array of " + want);
        }
        return cls.cast(data);
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof GgufArray other) || other.elementType != elementType) {
            return false;
        }
        return Arrays.deepEquals(new Object[] {data}, new Object[] {other.data});
    }

    @Override
    public int hashCode() {
        return 31 * elementType.hashCode() + Arrays.deepHashCode(new Object[] {data});
    }

    @Override
    public String toString() {
        List<String> shown = new ArrayList<>();
        for (int i = 0; i < Math.min(size, 5); i++) {
            shown.add(get(i).toString().substring(elementType.name().length() + 1));
        }
        return "ARRAY<" + elementType + ">[" + size + "]" + shown + (size > 5 ? "..." : "");
    }
}
