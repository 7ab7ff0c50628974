package io.phi4j.score;

/** Log-probabilities from logits, in double (as llama.cpp's perplexity tool computes them). */
public final class LogProbs {
    private LogProbs() {
    }

    /** {@code log softmax(logits[offset .. offset+n))[token]}. */
    public static double logProb(float[] logits, int offset, int n, int token) {
        return logits[offset + token] - logSumExp(logits, offset, n);
    }

    public static double logSumExp(float[] logits, int offset, int n) {
        float max = Float.NEGATIVE_INFINITY;
        for (int i = 0; i < n; i++) {
            max = Math.max(max, logits[offset + i]);
        }
        double sum = 0;
        for (int i = 0; i < n; i++) {
            sum += Math.exp(logits[offset + i] - max);
        }
        return max + Math.log(sum);
    }
}
