package io.phi4j.data.curate;

import com.fasterxml.jackson.databind.JsonNode;

import java.io.Serializable;

/**
 * Options of ingest: {@code field} is the text field of JSON Lines and the text column of Parquet inputs;
 * {@code source} names the documents' source (default: each input's file or directory name); a non-empty
 * {@code separator} splits plain-text files into several documents wherever it occurs.
 */
public record IngestOptions(String field, String source, String separator) implements Serializable {
    public static final IngestOptions DEFAULTS = new IngestOptions("text", null, null);

    public static IngestOptions fromJson(JsonNode o) {
        return new IngestOptions(StepOptions.string(o, "field", "text"), StepOptions.string(o, "source", null),
                StepOptions.string(o, "separator", null));
    }
}
