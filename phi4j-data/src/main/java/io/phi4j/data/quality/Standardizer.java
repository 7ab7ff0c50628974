package io.phi4j.data.quality;

/**
 * Per-feature standardisation {@code (x - mean) / std}, fitted on the training set only. A constant feature
 * (std 0) gets std 1, so it maps to 0 instead of dividing by zero.
 */
public record Standardizer(double[] mean, double[] std) {
    public static Standardizer fit(float[][] x) {
        int d = x[0].length;
        double[] mean = new double[d];
        double[] std = new double[d];
        for (float[] row : x) {
            for (int j = 0; j < d; j++) {
                mean[j] += row[j];
            }
        }
        for (int j = 0; j < d; j++) {
            mean[j] /= x.length;
        }
        for (float[] row : x) {
            for (int j = 0; j < d; j++) {
                double c = row[j] - mean[j];
                std[j] += c * c;
            }
        }
        for (int j = 0; j < d; j++) {
            std[j] = Math.sqrt(std[j] / x.length);
            if (!(std[j] > 1e-12)) {
                std[j] = 1;
            }
        }
        return new Standardizer(mean, std);
    }

    public double[] apply(float[] x) {
        double[] z = new double[x.length];
        for (int j = 0; j < x.length; j++) {
            z[j] = (x[j] - mean[j]) / std[j];
        }
        return z;
    }
}
