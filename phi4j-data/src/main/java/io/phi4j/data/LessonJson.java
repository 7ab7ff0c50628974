package io.phi4j.data;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.phi4j.PhiException;

import java.io.IOException;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;

/**
 * One lesson as one JSON line: {@code {"id", "family", "split", "format", "prompt", "answer", "text", "keys",
 * "topic", "audience", "style"}}; prompt and answer are null for free text. Readers only need {@code text}.
 */
public final class LessonJson {
    private static final JsonFactory FACTORY = new JsonFactory();
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private LessonJson() {
    }

    public static String write(Lesson l) {
        StringWriter w = new StringWriter(l.text().length() * 2 + 200);
        try (JsonGenerator g = FACTORY.createGenerator(w)) {
            g.writeStartObject();
            g.writeStringField("id", l.id());
            g.writeStringField("family", l.family());
            g.writeStringField("split", l.split() == null ? null : l.split().label());
            g.writeStringField("format", l.format());
            g.writeStringField("prompt", l.prompt());
            g.writeStringField("answer", l.answer());
            g.writeStringField("text", l.text());
            g.writeArrayFieldStart("keys");
            for (String k : l.keys()) {
                g.writeString(k);
            }
            g.writeEndArray();
            g.writeStringField("topic", l.topic());
            g.writeStringField("audience", l.audience());
            g.writeStringField("style", l.style());
            g.writeEndObject();
        } catch (IOException e) {
            throw new IllegalStateException("writing to a string cannot fail", e);
        }
        return w.toString();
    }

    /** Parses a line written by {@link #write}; {@code where} names it in errors. */
    public static Lesson read(String line, String where) {
        JsonNode n;
        try {
            n = MAPPER.readTree(line);
        } catch (com.fasterxml.jackson.core.JacksonException e) {
            throw new PhiException(where + ": not a JSON object: " + e.getOriginalMessage());
        }
        if (n == null || !n.isObject() || !n.path("text").isTextual()) {
            throw new PhiException(where + ": expected a JSON object with a \"text\" string");
        }
        List<String> keys = new ArrayList<>();
        for (JsonNode k : n.path("keys")) {
            keys.add(k.asText());
        }
        String split = text(n, "split");
        try {
            return new Lesson(text(n, "id"), text(n, "family"), split == null ? null : Split.parse(split),
                    text(n, "format"), keys, text(n, "topic"), text(n, "audience"), text(n, "style"),
                    n.get("text").asText(), text(n, "prompt"), text(n, "answer"));
        } catch (IllegalArgumentException e) {
            throw new PhiException(where + ": " + e.getMessage());
        }
    }

    private static String text(JsonNode n, String field) {
        JsonNode v = n.get(field);
        return v == null || v.isNull() ? null : v.asText();
    }
}
