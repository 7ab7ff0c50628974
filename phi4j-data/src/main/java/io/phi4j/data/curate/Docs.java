package io.phi4j.data.curate;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.phi4j.PhiException;

/**
 * Documents of the curation pipeline: one JSON object per line with at least {@code "id"} and {@code "text"}
 * ({@code "source"} from ingest; later steps add fields such as {@code "quality"}). Field order is kept, so a
 * document read and written back is byte-identical and runs are reproducible.
 */
public final class Docs {
    public static final String ID = "id";
    public static final String SOURCE = "source";
    public static final String TEXT = "text";
    /** Added by the heuristics step to rejected documents: the rule that rejected them and why. */
    public static final String REASON = "reason";

    static final JsonMapper JSON = JsonMapper.builder().build();

    private Docs() {
    }

    public static ObjectNode newDoc() {
        return JSON.createObjectNode();
    }

    /** Parses one line; {@code where} ("file:line") names the place in errors. */
    public static ObjectNode parse(String line, String where) {
        JsonNode n;
        try {
            n = JSON.readTree(line);
        } catch (JacksonException e) {
            throw new PhiException(where + ": malformed JSON: " + e.getOriginalMessage().lines().findFirst().orElse(""));
        }
        if (!(n instanceof ObjectNode o)) {
            throw new PhiException(where + ": expected a JSON object, got " + (n == null ? "nothing" : n.getNodeType().name().toLowerCase()));
        }
        return o;
    }

    /** The document's text, or an error naming the place when it has none. */
    public static String text(ObjectNode doc, String where) {
        JsonNode t = doc.get(TEXT);
        if (t == null || !t.isTextual()) {
            throw new PhiException(where + ": document has no string field \"" + TEXT + "\"");
        }
        return t.asText();
    }

    public static String id(ObjectNode doc) {
        JsonNode t = doc.get(ID);
        return t == null ? "" : t.asText();
    }

    /** Indented JSON with a final line break, for reports and manifests. */
    public static String pretty(JsonNode n) {
        try {
            return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(n) + "\n";
        } catch (JacksonException e) {
            throw new IllegalStateException(e);
        }
    }

    /** One line of JSON, without the line break. */
    public static String write(JsonNode doc) {
        try {
            return JSON.writeValueAsString(doc);
        } catch (JacksonException e) {
            throw new IllegalStateException(e);
        }
    }
}
