package io.phi4j.data.quality;

import com.fasterxml.jackson.databind.JsonNode;
import io.phi4j.PhiException;
import io.phi4j.data.curate.DocumentScorer;
import io.phi4j.data.curate.ScorerFactory;

import java.nio.file.Path;

/**
 * The pipeline's {@code "classifier"} scorer: a {@code phi data train-classifier} directory, named by the score
 * step's {@code "classifier"} option (relative paths against the pipeline file's directory). One model session
 * embeds one document at a time, so calls are serialized; the pipeline's other steps still run in parallel.
 */
public final class ClassifierScorerFactory implements ScorerFactory {
    @Override
    public String name() {
        return "classifier";
    }

    @Override
    public DocumentScorer create(JsonNode options) {
        JsonNode dir = options.get("classifier");
        if (dir == null || !dir.isTextual()) {
            throw new PhiException("the classifier scorer needs \"classifier\": the directory written by"
                    + " 'phi data train-classifier'");
        }
        Path path = Path.of(dir.asText());
        JsonNode base = options.get("base_dir");
        if (!path.isAbsolute() && base != null && base.isTextual()) {
            path = Path.of(base.asText()).resolve(path);
        }
        QualityScorer scorer = QualityScorer.open(path);
        return text -> {
            synchronized (scorer) {
                return scorer.score(text);
            }
        };
    }
}
