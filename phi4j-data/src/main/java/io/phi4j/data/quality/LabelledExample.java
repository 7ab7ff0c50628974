package io.phi4j.data.quality;

/** A document and its label 0–5 (annotated score; DCLM-style positives are 5, negatives 0). */
public record LabelledExample(String id, String text, int label) {
}
