package io.phi4j.eval;

/**
 * The result of a {@link TokenRequest}: the natural-log probability of each continuation token and whether
 * every one of them was the model's top choice (the harness's {@code is_greedy}).
 */
public record TokenScore(double[] tokenLogProbs, boolean greedy) {
    /** Summed log-likelihood of the continuation (the harness's {@code loglikelihood}). */
    public double sum() {
        double s = 0;
        for (double v : tokenLogProbs) {
            s += v;
        }
        return s;
    }

    /** Mean log-probability per token (llama.cpp's multiple-choice score); 0 for an empty continuation. */
    public double mean() {
        return tokenLogProbs.length == 0 ? 0 : sum() / tokenLogProbs.length;
    }
}
