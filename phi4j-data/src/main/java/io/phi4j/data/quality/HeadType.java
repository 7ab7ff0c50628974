package io.phi4j.data.quality;

import io.phi4j.PhiException;

import java.util.Locale;

/**
 * The classifier head. {@link #REGRESSION}: ridge regression on the 0–5 score, as FineWeb-Edu's classifier
 * (a regression head whose prediction is clamped to 0–5 and rounded). {@link #LOGISTIC}: L2-regularised logistic
 * regression on "score ≥ 3", a binary classifier as Phi-1 trained on its annotated sample. {@link #FOREST}: a random
 * forest of regression trees on the score (Phi-1 also used a random forest).
 */
public enum HeadType {
    REGRESSION, LOGISTIC, FOREST;

    public static HeadType named(String name) {
        return switch (name.toLowerCase(Locale.ROOT)) {
            case "regression" -> REGRESSION;
            case "logistic" -> LOGISTIC;
            case "forest" -> FOREST;
            default -> throw new PhiException("unknown head '" + name + "' (known: regression, logistic, forest)");
        };
    }

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
