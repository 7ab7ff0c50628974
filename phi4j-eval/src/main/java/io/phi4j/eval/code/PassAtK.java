package io.phi4j.eval.code;

/** The unbiased pass@k estimator of Chen et al. 2021 (HumanEval paper; the harness's code_eval). */
public final class PassAtK {
    private PassAtK() {
    }

    /**
     * {@code 1 - C(n-c, k) / C(n, k)}, computed as {@code 1 - prod_{i=n-c+1..n} (1 - k/i)} (numerically
     * stable): the probability that at least one of k samples drawn without replacement from n, of which c
     * are correct, passes.
     */
    public static double estimate(int n, int c, int k) {
        if (n < 1 || c < 0 || c > n || k < 1 || k > n) {
            throw new IllegalArgumentException("pass@k needs 0 <= c <= n and 1 <= k <= n, got n=" + n + " c=" + c + " k=" + k);
        }
        if (n - c < k) {
            return 1.0;
        }
        double prod = 1.0;
        for (int i = n - c + 1; i <= n; i++) {
            prod *= 1.0 - (double) k / i;
        }
        return 1.0 - prod;
    }
}
