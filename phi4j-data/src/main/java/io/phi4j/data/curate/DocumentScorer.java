package io.phi4j.data.curate;

/**
 * Scores a document's text (for example its educational value, 0–5, by a trained classifier). Implementations
 * must be thread-safe: the local engine calls one scorer from several threads.
 */
@FunctionalInterface
public interface DocumentScorer {
    double score(String text);
}
