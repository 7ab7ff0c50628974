package io.phi4j.data.quality;

/**
 * Binary logistic regression with an L2 penalty: minimise the mean cross-entropy
 * {@code (1/n) Σ [log(1 + e^{s_i}) - t_i s_i] + (λ/2)|w|²}, {@code s_i = w·z_i + b}, {@code t_i ∈ {0, 1}}, by
 * gradient descent with a backtracking (Armijo) line search. The problem is convex and the features are
 * standardised, so plain first-order steps converge; the line search removes the need to tune a learning rate.
 */
public final class LogisticRegression {
    private static final int MAX_ITERATIONS = 2000;
    private static final double TOLERANCE = 1e-7;

    private LogisticRegression() {
    }

    public static LinearHead fit(double[][] z, double[] t, double lambda) {
        int d = z[0].length;
        double[] theta = new double[d + 1];
        double[] grad = new double[d + 1];
        double[] trial = new double[d + 1];
        double[] trialGrad = new double[d + 1];
        double f = loss(theta, z, t, lambda, grad);
        double step = 1;
        for (int it = 0; it < MAX_ITERATIONS; it++) {
            double g2 = 0;
            for (double g : grad) {
                g2 += g * g;
            }
            if (Math.sqrt(g2) < TOLERANCE) {
                break;
            }
            step = Math.min(step * 2, 1e3);
            double ft;
            while (true) {
                for (int j = 0; j <= d; j++) {
                    trial[j] = theta[j] - step * grad[j];
                }
                ft = loss(trial, z, t, lambda, trialGrad);
                if (ft <= f - 0.5 * step * g2 || step < 1e-12) {
                    break;
                }
                step /= 2;
            }
            System.arraycopy(trial, 0, theta, 0, d + 1);
            System.arraycopy(trialGrad, 0, grad, 0, d + 1);
            if (f - ft < 1e-12 * Math.max(1, Math.abs(f))) {
                f = ft;
                break;
            }
            f = ft;
        }
        return new LinearHead(HeadType.LOGISTIC, java.util.Arrays.copyOf(theta, d), theta[d]);
    }

    /** The objective at {@code theta} ({@code d} weights, then the bias); its gradient goes to {@code grad}. */
    public static double loss(double[] theta, double[][] z, double[] t, double lambda, double[] grad) {
        int n = z.length, d = theta.length - 1;
        java.util.Arrays.fill(grad, 0);
        double loss = 0;
        for (int i = 0; i < n; i++) {
            double s = theta[d];
            double[] zi = z[i];
            for (int j = 0; j < d; j++) {
                s += theta[j] * zi[j];
            }
            // log(1 + e^s) computed without overflow.
            loss += (s > 0 ? s + Math.log1p(Math.exp(-s)) : Math.log1p(Math.exp(s))) - t[i] * s;
            double r = (LinearHead.sigmoid(s) - t[i]) / n;
            for (int j = 0; j < d; j++) {
                grad[j] += r * zi[j];
            }
            grad[d] += r;
        }
        loss /= n;
        for (int j = 0; j < d; j++) {
            loss += lambda / 2 * theta[j] * theta[j];
            grad[j] += lambda * theta[j];
        }
        return loss;
    }
}
