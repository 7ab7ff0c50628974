package io.phi4j.format.gguf;

import io.phi4j.PhiException;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;

/**
 * Typed, checked access to GGUF metadata. Getters throw {@link PhiException} naming the source file and the key
 * when the key is missing or holds the wrong type; the {@code optional...} variants return empty only when the key
 * is absent (a present key of the wrong type is still an error, since the file is then not what it claims).
 * Integer getters accept every GGUF integer type and check that the value fits.
 */
public final class GgufMetadata {
    private final String source;
    private final Map<String, GgufValue> values;

    /** {@code source} names the file in error messages; {@code values} is copied, keeping its order. */
    public GgufMetadata(String source, Map<String, GgufValue> values) {
        this.source = source;
        this.values = Collections.unmodifiableMap(new LinkedHashMap<>(values));
    }

    /** All entries in file order (unmodifiable). */
    public Map<String, GgufValue> asMap() {
        return values;
    }

    public boolean contains(String key) {
        return values.containsKey(key);
    }

    public Optional<GgufValue> get(String key) {
        return Optional.ofNullable(values.get(key));
    }

    public String getString(String key) {
        return asString(key, require(key));
    }

    public Optional<String> optionalString(String key) {
        return get(key).map(v -> asString(key, v));
    }

    public long getLong(String key) {
        return asLong(key, require(key));
    }

    public OptionalLong optionalLong(String key) {
        GgufValue v = values.get(key);
        return v == null ? OptionalLong.empty() : OptionalLong.of(asLong(key, v));
    }

    public int getInt(String key) {
        return toInt(key, asLong(key, require(key)));
    }

    public OptionalInt optionalInt(String key) {
        GgufValue v = values.get(key);
        return v == null ? OptionalInt.empty() : OptionalInt.of(toInt(key, asLong(key, v)));
    }

    /** A FLOAT32 value; FLOAT64 and integer values are converted. */
    public float getFloat(String key) {
        return (float) asDouble(key, require(key));
    }

    public Optional<Float> optionalFloat(String key) {
        return get(key).map(v -> (float) asDouble(key, v));
    }

    public double getDouble(String key) {
        return asDouble(key, require(key));
    }

    public boolean getBoolean(String key) {
        return asBoolean(key, require(key));
    }

    public Optional<Boolean> optionalBoolean(String key) {
        return get(key).map(v -> asBoolean(key, v));
    }

    public GgufArray getArray(String key) {
        return asArray(key, require(key));
    }

    public List<String> getStringArray(String key) {
        return asStrings(key, require(key));
    }

    public Optional<List<String>> optionalStringArray(String key) {
        return get(key).map(v -> asStrings(key, v));
    }

    /** An array of any integer element type whose values all fit an int. */
    public int[] getIntArray(String key) {
        return asInts(key, require(key));
    }

    public Optional<int[]> optionalIntArray(String key) {
        return get(key).map(v -> asInts(key, v));
    }

    /** A FLOAT32 array (FLOAT64 arrays are converted). */
    public float[] getFloatArray(String key) {
        return asFloats(key, require(key));
    }

    public Optional<float[]> optionalFloatArray(String key) {
        return get(key).map(v -> asFloats(key, v));
    }

    private GgufValue require(String key) {
        GgufValue v = values.get(key);
        if (v == null) {
            throw new PhiException(source + ": metadata key '" + key + "' is missing");
        }
        return v;
    }

    private PhiException wrongType(String key, GgufValue v, String expected) {
        String actual = v.type() == GgufValueType.ARRAY
                ? "an array of " + ((GgufArray) v.value()).elementType() : v.type().toString();
        return new PhiException(source + ": metadata key '" + key + "' is " + actual + ", expected " + expected);
    }

    private String asString(String key, GgufValue v) {
        if (v.type() != GgufValueType.STRING) {
            throw wrongType(key, v, "a string");
        }
        return (String) v.value();
    }

    private long asLong(String key, GgufValue v) {
        if (!v.type().isInteger()) {
            throw wrongType(key, v, "an integer");
        }
        long x = (Long) v.value();
        if (v.type() == GgufValueType.UINT64 && x < 0) {
            throw new PhiException(source + ": metadata key '" + key + "' = " + Long.toUnsignedString(x)
                    + " is too large");
        }
        return x;
    }

    private int toInt(String key, long x) {
        if (x < Integer.MIN_VALUE || x > Integer.MAX_VALUE) {
            throw new PhiException(source + ": metadata key '" + key + "' = " + x + " does not fit a 32-bit int");
        }
        return (int) x;
    }

    private double asDouble(String key, GgufValue v) {
        return switch (v.type()) {
            case FLOAT32 -> (Float) v.value();
            case FLOAT64 -> (Double) v.value();
            default -> {
                if (v.type().isInteger()) {
                    yield (double) asLong(key, v);
                }
                throw wrongType(key, v, "a number");
            }
        };
    }

    private boolean asBoolean(String key, GgufValue v) {
        if (v.type() != GgufValueType.BOOL) {
            throw wrongType(key, v, "a bool");
        }
        return (Boolean) v.value();
    }

    private GgufArray asArray(String key, GgufValue v) {
        if (v.type() != GgufValueType.ARRAY) {
            throw wrongType(key, v, "an array");
        }
        return (GgufArray) v.value();
    }

    private List<String> asStrings(String key, GgufValue v) {
        GgufArray a = asArray(key, v);
        if (a.elementType() != GgufValueType.STRING) {
            throw wrongType(key, v, "an array of STRING");
        }
        return a.strings();
    }

    private int[] asInts(String key, GgufValue v) {
        GgufArray a = asArray(key, v);
        if (!a.elementType().isInteger()) {
            throw wrongType(key, v, "an array of integers");
        }
        if (a.elementType() == GgufValueType.INT32) {
            return ((int[]) a.data()).clone();
        }
        int[] out = new int[a.size()];
        for (int i = 0; i < out.length; i++) {
            long x = a.longAt(i);
            if (x < Integer.MIN_VALUE || x > Integer.MAX_VALUE) {
                String shown = a.elementType() == GgufValueType.UINT64 ? Long.toUnsignedString(x) : Long.toString(x);
                throw new PhiException(source + ": metadata key '" + key + "' element " + i + " = " + shown
                        + " does not fit a 32-bit int");
            }
            out[i] = (int) x;
        }
        return out;
    }

    private float[] asFloats(String key, GgufValue v) {
        GgufArray a = asArray(key, v);
        return switch (a.elementType()) {
            case FLOAT32 -> a.floats();
            case FLOAT64 -> {
                double[] d = (double[]) a.data();
                float[] f = new float[d.length];
                for (int i = 0; i < d.length; i++) {
                    f[i] = (float) d[i];
                }
                yield f;
            }
            default -> throw wrongType(key, v, "an array of FLOAT32");
        };
    }
}
