package io.phi4j.format.hf;

import com.fasterxml.jackson.databind.JsonNode;
import io.phi4j.PhiException;

/** Typed access to config.json fields with Hugging Face defaults and one-line errors naming file and field. */
final class ConfigFields {
    private final String file;
    private final JsonNode root;

    ConfigFields(String file, JsonNode root) {
        this.file = file;
        this.root = root;
    }

    String file() {
        return file;
    }

    JsonNode node(String key) {
        return root.get(key);
    }

    /** Absent or JSON null. */
    boolean isNull(String key) {
        JsonNode n = root.get(key);
        return n == null || n.isNull();
    }

    int integer(String key, int defaultValue) {
        return isNull(key) ? defaultValue : integer(key, root.get(key));
    }

    int integer(String key, JsonNode n) {
        if (!n.isIntegralNumber() || !n.canConvertToInt()) {
            throw new PhiException(file + ": \"" + key + "\" must be an integer, got " + preview(n));
        }
        return n.intValue();
    }

    double number(String key, double defaultValue) {
        if (isNull(key)) {
            return defaultValue;
        }
        return number(key, root.get(key));
    }

    double number(String key, JsonNode n) {
        if (!n.isNumber()) {
            throw new PhiException(file + ": \"" + key + "\" must be a number, got " + preview(n));
        }
        return n.doubleValue();
    }

    String string(String key, String defaultValue) {
        if (isNull(key)) {
            return defaultValue;
        }
        JsonNode n = root.get(key);
        if (!n.isTextual()) {
            throw new PhiException(file + ": \"" + key + "\" must be a string, got " + preview(n));
        }
        return n.textValue();
    }

    boolean bool(String key, boolean defaultValue) {
        if (isNull(key)) {
            return defaultValue;
        }
        JsonNode n = root.get(key);
        if (!n.isBoolean()) {
            throw new PhiException(file + ": \"" + key + "\" must be true or false, got " + preview(n));
        }
        return n.booleanValue();
    }

    /**
     * A token id: absent gives {@code defaultValue}, an explicit null (Python None) gives -1, a list (several
     * EOS ids) gives its first element.
     */
    int tokenId(String key, int defaultValue) {
        JsonNode n = root.get(key);
        if (n == null) {
            return defaultValue;
        }
        if (n.isNull()) {
            return -1;
        }
        if (n.isArray()) {
            return n.isEmpty() ? -1 : integer(key, n.get(0));
        }
        return integer(key, n);
    }

    static String preview(JsonNode n) {
        String s = n.toString().replaceAll("\\s+", " ");
        return s.length() <= 60 ? s : s.substring(0, 57) + "...";
    }
}
