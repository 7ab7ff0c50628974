package io.phi4j.eval;

import io.phi4j.PhiException;

import java.util.List;
import java.util.Map;

/** Typed access to the fields of a dataset row (a JSON object), with one-line errors naming the field. */
final class Fields {
    private Fields() {
    }

    static String str(Map<String, Object> row, String key) {
        Object v = row.get(key);
        if (v == null) {
            throw new PhiException("data row has no field \"" + key + "\" (fields: " + row.keySet() + ")");
        }
        return v instanceof String s ? s : String.valueOf(v);
    }

    static int integer(Map<String, Object> row, String key) {
        Object v = row.get(key);
        if (v instanceof Number n) {
            return n.intValue();
        }
        try {
            return Integer.parseInt(str(row, key).strip());
        } catch (NumberFormatException e) {
            throw new PhiException("data row field \"" + key + "\" is not an integer: " + v);
        }
    }

    @SuppressWarnings("unchecked")
    static List<Object> list(Map<String, Object> row, String key) {
        Object v = row.get(key);
        if (v instanceof List<?> l) {
            return (List<Object>) l;
        }
        throw new PhiException("data row field \"" + key + "\" is not a list: " + v);
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> map(Map<String, Object> row, String key) {
        Object v = row.get(key);
        if (v instanceof Map<?, ?> m) {
            return (Map<String, Object>) m;
        }
        throw new PhiException("data row field \"" + key + "\" is not an object: " + v);
    }

    static List<String> strings(Map<String, Object> row, String key) {
        return list(row, key).stream().map(o -> o instanceof String s ? s : String.valueOf(o)).toList();
    }

    /** Python's {@code str.strip()} (Unicode whitespace at both ends). */
    static String pyStrip(String s) {
        int end = HarnessEncoder.rstripLength(s);
        int start = 0;
        while (start < end && HarnessEncoder.isPythonSpace(s.charAt(start))) {
            start++;
        }
        return s.substring(start, end);
    }
}
