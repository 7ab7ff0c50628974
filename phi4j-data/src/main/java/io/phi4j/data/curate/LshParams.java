package io.phi4j.data.curate;

import io.phi4j.PhiException;

import java.io.Serializable;

/**
 * Banding of MinHash signatures for locality-sensitive hashing: {@code bands} bands of {@code rows} rows. Two
 * documents of Jaccard similarity s share at least one band with probability 1 − (1 − s^rows)^bands, an S-curve
 * whose midpoint is about (1/bands)^(1/rows).
 */
public record LshParams(int bands, int rows) implements Serializable {
    public LshParams {
        if (bands < 1 || rows < 1 || (long) bands * rows > 4096) {
            throw new PhiException("LSH bands and rows must be positive with bands × rows ≤ 4096, got " + bands + " × " + rows);
        }
    }

    public int permutations() {
        return bands * rows;
    }

    /** Probability that two documents of Jaccard similarity {@code s} become candidates. */
    public double candidateProbability(double s) {
        return 1 - Math.pow(1 - Math.pow(s, rows), bands);
    }

    /**
     * The banding of at most {@code permutations} rows that minimises the equally weighted areas of false
     * positives (below {@code threshold}) and false negatives (above it) under the S-curve, as datasketch's
     * MinHashLSH chooses its parameters.
     */
    public static LshParams optimal(double threshold, int permutations) {
        if (!(threshold > 0 && threshold < 1)) {
            throw new PhiException("threshold must be between 0 and 1, got " + threshold);
        }
        LshParams best = null;
        double bestError = Double.MAX_VALUE;
        for (int b = 1; b <= permutations; b++) {
            for (int r = 1; r <= permutations / b; r++) {
                LshParams p = new LshParams(b, r);
                double fp = integrate(p, 0, threshold, false);
                double fn = integrate(p, threshold, 1, true);
                double err = 0.5 * fp + 0.5 * fn;
                if (err < bestError) {
                    bestError = err;
                    best = p;
                }
            }
        }
        return best;
    }

    private static double integrate(LshParams p, double from, double to, boolean miss) {
        int steps = 200;
        double h = (to - from) / steps;
        double sum = 0;
        for (int i = 0; i < steps; i++) {
            double pr = p.candidateProbability(from + (i + 0.5) * h);
            sum += miss ? 1 - pr : pr;
        }
        return sum * h;
    }
}
