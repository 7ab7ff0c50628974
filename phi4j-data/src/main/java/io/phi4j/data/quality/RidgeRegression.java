package io.phi4j.data.quality;

import io.phi4j.PhiException;

/**
 * Linear least squares with an L2 penalty, solved exactly: minimise
 * {@code (1/2n) Σ (w·z_i + b - y_i)² + (λ/2) |w|²} (the bias is not penalised). With centred features (the
 * standardiser makes training columns mean 0) the bias is the mean target and {@code w} solves
 * {@code (ZᵀZ/n + λI) w = Zᵀ(y - ȳ)/n}, a symmetric positive-definite system solved by Cholesky. FineWeb-Edu
 * fits a regression head on its 0–5 annotations the same way in spirit (their head sits on a fine-tuned encoder).
 */
public final class RidgeRegression {
    private RidgeRegression() {
    }

    public static LinearHead fit(double[][] z, double[] y, double lambda) {
        int n = z.length, d = z[0].length;
        double[] mu = new double[d];
        for (double[] row : z) {
            for (int j = 0; j < d; j++) {
                mu[j] += row[j] / n;
            }
        }
        double yMean = 0;
        for (double v : y) {
            yMean += v / n;
        }
        double[][] a = new double[d][d];
        double[] rhs = new double[d];
        double[] c = new double[d];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < d; j++) {
                c[j] = z[i][j] - mu[j];
            }
            double r = y[i] - yMean;
            for (int j = 0; j < d; j++) {
                double cj = c[j] / n;
                rhs[j] += cj * r;
                double[] aj = a[j];
                for (int k = 0; k <= j; k++) {
                    aj[k] += cj * c[k];
                }
            }
        }
        for (int j = 0; j < d; j++) {
            a[j][j] += lambda;
        }
        double[] w = Cholesky.solve(a, rhs);
        double b = yMean;
        for (int j = 0; j < d; j++) {
            b -= w[j] * mu[j];
        }
        return new LinearHead(HeadType.REGRESSION, w, b);
    }

    /** The objective at {@code (w, b)}; its gradient goes to {@code grad} ({@code d} weights, then the bias). */
    public static double loss(double[] w, double b, double[][] z, double[] y, double lambda, double[] grad) {
        int n = z.length, d = w.length;
        java.util.Arrays.fill(grad, 0);
        double loss = 0;
        for (int i = 0; i < n; i++) {
            double r = b - y[i];
            for (int j = 0; j < d; j++) {
                r += w[j] * z[i][j];
            }
            loss += r * r / (2 * n);
            for (int j = 0; j < d; j++) {
                grad[j] += r * z[i][j] / n;
            }
            grad[d] += r / n;
        }
        for (int j = 0; j < d; j++) {
            loss += lambda / 2 * w[j] * w[j];
            grad[j] += lambda * w[j];
        }
        return loss;
    }

    /** Cholesky factorisation and solve of a symmetric positive-definite system given by its lower triangle. */
    static final class Cholesky {
        private Cholesky() {
        }

        static double[] solve(double[][] a, double[] b) {
            int d = b.length;
            double[][] l = new double[d][];
            for (int i = 0; i < d; i++) {
                l[i] = new double[i + 1];
                for (int j = 0; j <= i; j++) {
                    double s = a[i][j];
                    double[] li = l[i], lj = l[j];
                    for (int k = 0; k < j; k++) {
                        s -= li[k] * lj[k];
                    }
                    if (i == j) {
                        if (!(s > 0)) {
                            throw new PhiException("ridge regression: the system is not positive definite (use a larger --l2)");
                        }
                        li[i] = Math.sqrt(s);
                    } else {
                        li[j] = s / lj[j];
                    }
                }
            }
            double[] y = new double[d];
            for (int i = 0; i < d; i++) {
                double s = b[i];
                for (int k = 0; k < i; k++) {
                    s -= l[i][k] * y[k];
                }
                y[i] = s / l[i][i];
            }
            double[] x = new double[d];
            for (int i = d - 1; i >= 0; i--) {
                double s = y[i];
                for (int k = i + 1; k < d; k++) {
                    s -= l[k][i] * x[k];
                }
                x[i] = s / l[i][i];
            }
            return x;
        }
    }
}
