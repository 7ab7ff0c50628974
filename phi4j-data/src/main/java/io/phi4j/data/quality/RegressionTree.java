package io.phi4j.data.quality;

/**
 * A binary regression tree in flat arrays: node {@code i} is a leaf when {@code feature[i] < 0} (its prediction is
 * {@code value[i]}), else it sends {@code z[feature[i]] <= threshold[i]} to {@code left[i]} and the rest to
 * {@code right[i]}. Node 0 is the root.
 */
public record RegressionTree(int[] feature, double[] threshold, int[] left, int[] right, double[] value) {
    public double predict(double[] z) {
        int i = 0;
        while (feature[i] >= 0) {
            i = z[feature[i]] <= threshold[i] ? left[i] : right[i];
        }
        return value[i];
    }

    public int nodes() {
        return feature.length;
    }
}
