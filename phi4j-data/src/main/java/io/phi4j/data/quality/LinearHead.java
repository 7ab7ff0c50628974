package io.phi4j.data.quality;

/**
 * A linear head on standardised features: {@code w·z + b}, and for {@link HeadType#LOGISTIC} the probability
 * {@code sigmoid(w·z + b)} that the document scores 3 or more.
 */
public record LinearHead(HeadType type, double[] weights, double bias) implements Head {
    public double raw(double[] z) {
        double s = bias;
        for (int j = 0; j < z.length; j++) {
            s += weights[j] * z[j];
        }
        return s;
    }

    /** Regression: the predicted score (not clamped); logistic: the probability of the positive class. */
    @Override
    public double predict(double[] z) {
        double s = raw(z);
        return type == HeadType.LOGISTIC ? sigmoid(s) : s;
    }

    static double sigmoid(double s) {
        return s >= 0 ? 1 / (1 + Math.exp(-s)) : Math.exp(s) / (1 + Math.exp(s));
    }
}
