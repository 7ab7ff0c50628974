package io.phi4j.data.curate;

import com.fasterxml.jackson.databind.JsonNode;
import io.phi4j.PhiException;

/** Reads typed options of a pipeline step from its JSON object, with one-line errors naming the option. */
final class StepOptions {
    private StepOptions() {
    }

    static String string(JsonNode o, String name, String dflt) {
        JsonNode v = o == null ? null : o.get(name);
        if (v == null || v.isNull()) {
            return dflt;
        }
        if (!v.isTextual()) {
            throw new PhiException("option \"" + name + "\" must be a string, got " + v);
        }
        return v.asText();
    }

    static double number(JsonNode o, String name, double dflt) {
        JsonNode v = o == null ? null : o.get(name);
        if (v == null || v.isNull()) {
            return dflt;
        }
        if (!v.isNumber()) {
            throw new PhiException("option \"" + name + "\" must be a number, got " + v);
        }
        return v.asDouble();
    }

    static Double numberOrNull(JsonNode o, String name) {
        JsonNode v = o == null ? null : o.get(name);
        return v == null || v.isNull() ? null : number(o, name, 0);
    }

    static int integer(JsonNode o, String name, int dflt) {
        JsonNode v = o == null ? null : o.get(name);
        if (v == null || v.isNull()) {
            return dflt;
        }
        if (!v.isIntegralNumber() || !v.canConvertToInt()) {
            throw new PhiException("option \"" + name + "\" must be an integer, got " + v);
        }
        return v.asInt();
    }

    static boolean bool(JsonNode o, String name, boolean dflt) {
        JsonNode v = o == null ? null : o.get(name);
        if (v == null || v.isNull()) {
            return dflt;
        }
        if (!v.isBoolean()) {
            throw new PhiException("option \"" + name + "\" must be true or false, got " + v);
        }
        return v.asBoolean();
    }

    /** Fails on options the step does not know, so a typo does not silently fall back to a default. */
    static void checkKnown(String step, JsonNode o, java.util.Set<String> known) {
        if (o == null) {
            return;
        }
        if (!o.isObject()) {
            throw new PhiException("step \"" + step + "\": options must be a JSON object, got " + o);
        }
        for (var it = o.fieldNames(); it.hasNext(); ) {
            String f = it.next();
            if (!known.contains(f)) {
                throw new PhiException("step \"" + step + "\": unknown option \"" + f + "\" (known: "
                        + String.join(", ", new java.util.TreeSet<>(known)) + ")");
            }
        }
    }
}
