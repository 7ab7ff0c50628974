package io.phi4j.data.quality;

/**
 * Precision, recall, F1 and accuracy from the four counts of a binary decision. A ratio whose denominator is 0
 * (no predicted positives for precision, no actual positives for recall) is 0, as scikit-learn's
 * {@code zero_division=0}.
 */
public record BinaryMetrics(long truePositives, long falsePositives, long falseNegatives, long trueNegatives) {
    public static BinaryMetrics of(boolean[] actual, boolean[] predicted) {
        long tp = 0, fp = 0, fn = 0, tn = 0;
        for (int i = 0; i < actual.length; i++) {
            if (actual[i] && predicted[i]) {
                tp++;
            } else if (predicted[i]) {
                fp++;
            } else if (actual[i]) {
                fn++;
            } else {
                tn++;
            }
        }
        return new BinaryMetrics(tp, fp, fn, tn);
    }

    public long total() {
        return truePositives + falsePositives + falseNegatives + trueNegatives;
    }

    public double precision() {
        long d = truePositives + falsePositives;
        return d == 0 ? 0 : (double) truePositives / d;
    }

    public double recall() {
        long d = truePositives + falseNegatives;
        return d == 0 ? 0 : (double) truePositives / d;
    }

    public double f1() {
        double p = precision(), r = recall();
        return p + r == 0 ? 0 : 2 * p * r / (p + r);
    }

    public double accuracy() {
        return total() == 0 ? 0 : (double) (truePositives + trueNegatives) / total();
    }
}
