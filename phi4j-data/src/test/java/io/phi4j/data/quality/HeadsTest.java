package io.phi4j.data.quality;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class HeadsTest {
    private static double[][] gaussian(Random r, int n, int d) {
        double[][] z = new double[n][d];
        for (double[] row : z) {
            for (int j = 0; j < d; j++) {
                row[j] = r.nextGaussian();
            }
        }
        return z;
    }

    private static double dot(double[] w, double[] z) {
        double s = 0;
        for (int j = 0; j < w.length; j++) {
            s += w[j] * z[j];
        }
        return s;
    }

    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3})
    void ridgeRecoversKnownCoefficients(long seed) {
        Random r = new Random(seed);
        double[] w = {1.5, -2, 0.5, 0, 3};
        double b = 2.5;
        double[][] z = gaussian(r, 400, w.length);
        double[] y = new double[z.length];
        for (int i = 0; i < z.length; i++) {
            y[i] = dot(w, z[i]) + b + 0.01 * r.nextGaussian();
        }
        LinearHead h = RidgeRegression.fit(z, y, 1e-6);
        for (int j = 0; j < w.length; j++) {
            assertThat(h.weights()[j]).as("w[%d]", j).isCloseTo(w[j], within(5e-3));
        }
        assertThat(h.bias()).isCloseTo(b, within(5e-3));
        assertThat(h.predict(new double[] {1, 0, 0, 0, 0})).isCloseTo(4.0, within(1e-2));
    }

    /** With a real penalty the solution is the exact minimiser: the gradient vanishes there. */
    @ParameterizedTest
    @ValueSource(doubles = {0.01, 0.3, 5})
    void ridgeSolutionIsAStationaryPointOfItsLoss(double lambda) {
        Random r = new Random(11);
        double[][] z = gaussian(r, 50, 8);
        for (double[] row : z) {
            row[3] += 4; // an uncentred column: the bias must absorb it
        }
        double[] y = new double[z.length];
        for (int i = 0; i < y.length; i++) {
            y[i] = r.nextInt(6);
        }
        LinearHead h = RidgeRegression.fit(z, y, lambda);
        double[] grad = new double[9];
        RidgeRegression.loss(h.weights(), h.bias(), z, y, lambda, grad);
        for (double g : grad) {
            assertThat(g).isCloseTo(0, within(1e-9));
        }
        assertThat(h.weights()[0]).as("a penalty shrinks the weights").isNotZero();
    }

    @ParameterizedTest
    @ValueSource(longs = {5, 6})
    void gradientsMatchFiniteDifferences(long seed) {
        Random r = new Random(seed);
        int n = 30, d = 6;
        double[][] z = gaussian(r, n, d);
        double[] y = new double[n];
        double[] t = new double[n];
        for (int i = 0; i < n; i++) {
            y[i] = r.nextInt(6);
            t[i] = r.nextBoolean() ? 1 : 0;
        }
        double[] theta = new double[d + 1];
        for (int j = 0; j <= d; j++) {
            theta[j] = r.nextGaussian();
        }
        double lambda = 0.07, eps = 1e-6;
        double[] g = new double[d + 1];
        double[] scratch = new double[d + 1];
        LogisticRegression.loss(theta, z, t, lambda, g);
        for (int j = 0; j <= d; j++) {
            double[] p = theta.clone(), m = theta.clone();
            p[j] += eps;
            m[j] -= eps;
            double fd = (LogisticRegression.loss(p, z, t, lambda, scratch) - LogisticRegression.loss(m, z, t, lambda, scratch)) / (2 * eps);
            assertThat(g[j]).as("logistic d/dθ%d", j).isCloseTo(fd, within(1e-7));
        }
        double[] w = java.util.Arrays.copyOf(theta, d);
        RidgeRegression.loss(w, theta[d], z, y, lambda, g);
        for (int j = 0; j <= d; j++) {
            double[] p = theta.clone(), m = theta.clone();
            p[j] += eps;
            m[j] -= eps;
            double fd = (RidgeRegression.loss(java.util.Arrays.copyOf(p, d), p[d], z, y, lambda, scratch)
                    - RidgeRegression.loss(java.util.Arrays.copyOf(m, d), m[d], z, y, lambda, scratch)) / (2 * eps);
            assertThat(g[j]).as("ridge d/dθ%d", j).isCloseTo(fd, within(1e-6));
        }
    }

    /** Labels drawn from a known logistic model: the fit recovers it and classifies fresh data near the Bayes rate. */
    @ParameterizedTest
    @ValueSource(longs = {21, 22})
    void logisticRecoversAKnownModelAndItsAccuracy(long seed) {
        Random r = new Random(seed);
        double[] w = {2, -1, 0, 1.5};
        double b = -0.5;
        double[][] z = gaussian(r, 4000, w.length);
        double[] t = new double[z.length];
        for (int i = 0; i < z.length; i++) {
            t[i] = r.nextDouble() < LinearHead.sigmoid(dot(w, z[i]) + b) ? 1 : 0;
        }
        LinearHead h = LogisticRegression.fit(z, t, 1e-5);
        for (int j = 0; j < w.length; j++) {
            assertThat(h.weights()[j]).as("w[%d]", j).isCloseTo(w[j], within(0.2));
        }
        assertThat(h.bias()).isCloseTo(b, within(0.15));
        double[] grad = new double[w.length + 1];
        double[] theta = java.util.Arrays.copyOf(h.weights(), w.length + 1);
        theta[w.length] = h.bias();
        LogisticRegression.loss(theta, z, t, 1e-5, grad);
        for (double g : grad) {
            assertThat(g).as("converged").isCloseTo(0, within(1e-5));
        }
        // On fresh data, the learned rule agrees with the true one almost always, and its accuracy against
        // sampled labels is close to the Bayes accuracy (about 0.83 for these weights).
        double[][] fresh = gaussian(r, 4000, w.length);
        int agree = 0, correct = 0, bayes = 0;
        for (double[] x : fresh) {
            double p = LinearHead.sigmoid(dot(w, x) + b);
            boolean label = r.nextDouble() < p;
            boolean mine = h.predict(x) >= 0.5;
            agree += mine == (p >= 0.5) ? 1 : 0;
            correct += mine == label ? 1 : 0;
            bayes += (p >= 0.5) == label ? 1 : 0;
        }
        assertThat(agree / 4000.0).isGreaterThan(0.97);
        assertThat(correct / 4000.0).isGreaterThan(bayes / 4000.0 - 0.02).isGreaterThan(0.78);
    }

    @ParameterizedTest
    @ValueSource(longs = {31, 32})
    void logisticSeparatesSeparableData(long seed) {
        Random r = new Random(seed);
        double[][] z = gaussian(r, 300, 10);
        double[] t = new double[z.length];
        for (int i = 0; i < z.length; i++) {
            t[i] = z[i][0] - z[i][1] + 0.5 * z[i][2] > 0 ? 1 : 0;
        }
        LinearHead h = LogisticRegression.fit(z, t, 1e-3);
        int correct = 0;
        for (int i = 0; i < z.length; i++) {
            correct += (h.predict(z[i]) >= 0.5) == (t[i] == 1) ? 1 : 0;
        }
        assertThat(correct / 300.0).isGreaterThanOrEqualTo(0.98);
        assertThat(h.weights()[0]).isPositive();
        assertThat(h.weights()[1]).isNegative();
    }

    /** A problem no linear head can solve (the label depends on the sign of a product): the forest can. */
    @ParameterizedTest
    @ValueSource(longs = {41, 42})
    void aForestLearnsWhatALinearHeadCannot(long seed) {
        Random r = new Random(seed);
        double[][] z = gaussian(r, 600, 6);
        double[] y = new double[z.length];
        double[] t = new double[z.length];
        for (int i = 0; i < z.length; i++) {
            y[i] = z[i][0] * z[i][1] > 0 ? 5 : 0;
            t[i] = y[i] / 5;
        }
        ForestHead forest = RandomForest.fit(z, y, 60, seed);
        LinearHead logistic = LogisticRegression.fit(z, t, 1e-3);
        double[][] fresh = gaussian(r, 1000, 6);
        int forestRight = 0, linearRight = 0;
        for (double[] x : fresh) {
            boolean truth = x[0] * x[1] > 0;
            forestRight += (forest.predict(x) >= 2.5) == truth ? 1 : 0;
            linearRight += (logistic.predict(x) >= 0.5) == truth ? 1 : 0;
        }
        assertThat(forestRight / 1000.0).isGreaterThan(0.9);
        assertThat(linearRight / 1000.0).isLessThan(0.65);
        assertThat(RandomForest.fit(z, y, 60, seed).predict(fresh[0])).as("seeded").isEqualTo(forest.predict(fresh[0]));
        for (RegressionTree tree : forest.trees()) {
            for (int i = 0; i < tree.nodes(); i++) {
                if (tree.feature()[i] >= 0) {
                    assertThat(tree.left()[i]).isGreaterThan(i);
                    assertThat(tree.right()[i]).isGreaterThan(tree.left()[i]);
                } else {
                    assertThat(tree.value()[i]).isBetween(0.0, 5.0);
                }
            }
        }
    }
}
