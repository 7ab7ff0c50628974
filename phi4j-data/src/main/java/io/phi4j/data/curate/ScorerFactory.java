package io.phi4j.data.curate;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Makes a {@link DocumentScorer} from a score step's options. Factories are found by {@link ScorerLoader} through
 * {@link java.util.ServiceLoader} (a {@code META-INF/services/io.phi4j.data.curate.ScorerFactory} entry) or
 * registered in code; {@link #name} is what a pipeline's {@code "scorer"} option names.
 */
public interface ScorerFactory {
    String name();

    /**
     * The scorer for a score step's options (the step's JSON object; in a pipeline it also holds
     * {@code "base_dir"}, the pipeline file's directory, against which relative paths are meant).
     */
    DocumentScorer create(JsonNode options);
}
