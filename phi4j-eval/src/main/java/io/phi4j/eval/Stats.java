package io.phi4j.eval;

import java.util.List;

/** Aggregations as lm_eval/api/metrics.py computes them. */
public final class Stats {
    private Stats() {
    }

    public static double mean(List<Double> xs) {
        double s = 0;
        for (double x : xs) {
            s += x;
        }
        return s / xs.size();
    }

    /** {@code mean_stderr}: sample standard deviation (n − 1) over √n; NaN for fewer than two values. */
    public static double meanStderr(List<Double> xs) {
        int n = xs.size();
        if (n < 2) {
            return Double.NaN;
        }
        double mu = mean(xs);
        double ss = 0;
        for (double x : xs) {
            ss += (x - mu) * (x - mu);
        }
        return Math.sqrt(ss / (n - 1)) / Math.sqrt(n);
    }

    /** {@code perplexity}: {@code exp(-mean(loglikelihoods))}. */
    public static double perplexity(List<Double> lls) {
        return Math.exp(-mean(lls));
    }

    /**
     * Standard error of the perplexity by the delta method ({@code ppl × stderr(ll)}). The harness bootstraps
     * this one (100000 random resamples), which no other implementation can reproduce digit for digit.
     */
    public static double perplexityStderr(List<Double> lls) {
        return perplexity(lls) * meanStderr(lls);
    }

    /** {@code np.argmax}: the first index of the maximum. */
    public static int argmax(double[] xs) {
        int best = 0;
        for (int i = 1; i < xs.length; i++) {
            if (xs[i] > xs[best]) {
                best = i;
            }
        }
        return best;
    }
}
