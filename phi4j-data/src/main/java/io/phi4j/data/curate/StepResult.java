package io.phi4j.data.curate;

import com.fasterxml.jackson.databind.JsonNode;

import java.nio.file.Path;

/** What a pipeline step did: its output, whether it was already done (and skipped), its report and duration. */
public record StepResult(int index, String name, Path output, boolean skipped, JsonNode report, double seconds) {
}
