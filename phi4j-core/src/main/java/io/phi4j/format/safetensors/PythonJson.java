package io.phi4j.format.safetensors;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Writes JSON exactly as Python's {@code json.dumps(obj, indent=2, sort_keys=True)} does, which is how
 * Hugging Face writes {@code config.json} ({@code PretrainedConfig.to_json_string}) and
 * {@code model.safetensors.index.json}: two-space indent, {@code ": "} and {@code ","} separators, keys sorted
 * by code point, non-ASCII escaped ({@code ensure_ascii}), floats in Python's shortest {@code repr} form
 * ({@code 1e-05}, {@code 10000.0}). Values may be maps, lists, strings, booleans, null, integers and doubles.
 */
public final class PythonJson {
    private PythonJson() {
    }

    /** {@code json.dumps(value, indent=2, sort_keys=True)} (no trailing newline). */
    public static String dumps(Object value) {
        StringBuilder sb = new StringBuilder();
        write(sb, value, 0);
        return sb.toString();
    }

    private static void write(StringBuilder sb, Object value, int depth) {
        switch (value) {
            case null -> sb.append("null");
            case String s -> quote(sb, s);
            case Boolean b -> sb.append(b ? "true" : "false");
            case Double d -> sb.append(floatRepr(d));
            case Float f -> sb.append(floatRepr(f.doubleValue()));
            case Integer i -> sb.append(i);
            case Long l -> sb.append(l);
            case Map<?, ?> m -> writeMap(sb, m, depth);
            case List<?> l -> writeList(sb, l, depth);
            default -> throw new IllegalArgumentException("cannot write " + value.getClass() + " as JSON");
        }
    }

    private static void writeMap(StringBuilder sb, Map<?, ?> map, int depth) {
        if (map.isEmpty()) {
            sb.append("{}");
            return;
        }
        // Python sorts str keys by code point; String.compareTo (UTF-16 units) differs only beyond the BMP.
        TreeMap<String, Object> sorted = new TreeMap<>(PythonJson::compareCodePoints);
        map.forEach((k, v) -> sorted.put((String) k, v));
        sb.append('{');
        boolean first = true;
        for (Map.Entry<String, Object> e : sorted.entrySet()) {
            sb.append(first ? "" : ",");
            first = false;
            newline(sb, depth + 1);
            quote(sb, e.getKey());
            sb.append(": ");
            write(sb, e.getValue(), depth + 1);
        }
        newline(sb, depth);
        sb.append('}');
    }

    private static void writeList(StringBuilder sb, List<?> list, int depth) {
        if (list.isEmpty()) {
            sb.append("[]");
            return;
        }
        sb.append('[');
        for (int i = 0; i < list.size(); i++) {
            sb.append(i == 0 ? "" : ",");
            newline(sb, depth + 1);
            write(sb, list.get(i), depth + 1);
        }
        newline(sb, depth);
        sb.append(']');
    }

    private static void newline(StringBuilder sb, int depth) {
        sb.append('\n').repeat(' ', 2 * depth);
    }

    static int compareCodePoints(String a, String b) {
        int i = 0;
        int j = 0;
        while (i < a.length() && j < b.length()) {
            int ca = a.codePointAt(i);
            int cb = b.codePointAt(j);
            if (ca != cb) {
                return Integer.compare(ca, cb);
            }
            i += Character.charCount(ca);
            j += Character.charCount(cb);
        }
        return Integer.compare(a.length() - i, b.length() - j);
    }

    /** A JSON string literal as Python's {@code json} module writes it with {@code ensure_ascii=True}. */
    static void quote(StringBuilder sb, String s) {
        sb.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                case '\b' -> sb.append("\\b");
                case '\f' -> sb.append("\\f");
                default -> {
                    if (c >= 0x20 && c <= 0x7e) {
                        sb.append(c);
                    } else {
                        // UTF-16 units, so characters beyond the BMP become surrogate pairs, as in Python.
                        sb.append("\\u").append(String.format("%04x", (int) c));
                    }
                }
            }
        }
        sb.append('"');
    }

    /**
     * Python's {@code repr(float)}: the shortest digits that round-trip (Java's {@link Double#toString} finds
     * the same ones), written positionally when the decimal exponent is in [-4, 16), else as {@code d.ddde±XX}.
     */
    public static String floatRepr(double v) {
        if (Double.isNaN(v)) {
            return "NaN";
        }
        if (Double.isInfinite(v)) {
            return v > 0 ? "Infinity" : "-Infinity";
        }
        if (v == 0) {
            return (1 / v < 0) ? "-0.0" : "0.0";
        }
        BigDecimal bd = new BigDecimal(Double.toString(v)).stripTrailingZeros();
        if (bd.precision() == 2) {
            // Java never prints fewer than two digits and picks the closest two-digit decimal (4.9E-324);
            // Python prints one digit whenever one round-trips (5e-324). Only subnormals differ.
            BigDecimal oneDigit = bd.round(new java.math.MathContext(1, java.math.RoundingMode.HALF_EVEN));
            if (oneDigit.doubleValue() == v) {
                bd = oneDigit.stripTrailingZeros();
            }
        }
        String sign = bd.signum() < 0 ? "-" : "";
        String digits = bd.unscaledValue().abs().toString();
        // value = 0.digits × 10^decpt
        int decpt = digits.length() - bd.scale();
        StringBuilder sb = new StringBuilder(sign);
        if (decpt > -4 && decpt <= 16) {
            if (decpt <= 0) {
                sb.append("0.").repeat('0', -decpt).append(digits);
            } else if (decpt >= digits.length()) {
                sb.append(digits).repeat('0', decpt - digits.length()).append(".0");
            } else {
                sb.append(digits, 0, decpt).append('.').append(digits, decpt, digits.length());
            }
        } else {
            sb.append(digits.charAt(0));
            if (digits.length() > 1) {
                sb.append('.').append(digits, 1, digits.length());
            }
            int exp = decpt - 1;
            sb.append('e').append(exp < 0 ? '-' : '+');
            String e = Integer.toString(Math.abs(exp));
            sb.append(e.length() < 2 ? "0" + e : e);
        }
        return sb.toString();
    }
}
