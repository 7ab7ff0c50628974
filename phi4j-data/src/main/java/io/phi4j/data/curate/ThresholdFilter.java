package io.phi4j.data.curate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Keeps documents whose numeric {@code field} is at least {@code threshold}; documents without the field (or with
 * a non-numeric value) are dropped as "missing".
 */
public record ThresholdFilter(String field, double threshold) implements DocumentFunction {
    @Override
    public Outcome apply(ObjectNode doc, String where) {
        JsonNode v = doc.get(field);
        if (v == null || !v.isNumber()) {
            return Outcome.drop(doc, "missing", "no numeric field \"" + field + "\"");
        }
        return v.asDouble() >= threshold ? Outcome.keep(doc)
                : Outcome.drop(doc, "below_threshold", field + " " + v.asDouble() + " < " + threshold);
    }
}
