package io.phi4j.data.quality;

/** A trained head on standardised features. */
public sealed interface Head permits LinearHead, ForestHead {
    HeadType type();

    /** Regression and forest: the predicted score (not clamped); logistic: the probability of score ≥ 3. */
    double predict(double[] z);
}
