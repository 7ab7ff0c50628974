package io.phi4j.server;

import io.phi4j.score.LogProbs;

/**
 * OpenAI's {@code logprobs}: the log-probability of the chosen token under the model's distribution (raw
 * logits, before penalties and temperature, as llama.cpp's server reports by default) and the most likely
 * tokens at that step.
 */
final class Logprobs {
    private Logprobs() {
    }

    /**
     * @param vocab     logits per row
     * @param realVocab tokens the tokenizer knows (Phi-2 pads its embedding past them; padding is never listed)
     */
    static Job.TokenLogprob of(float[] logits, int offset, int vocab, int realVocab, int token, int top) {
        double lse = LogProbs.logSumExp(logits, offset, vocab);
        int k = Math.min(top, realVocab);
        int[] ids = new int[k];
        double[] lps = new double[k];
        int filled = 0;
        // Keep the k best in descending order by insertion; k is at most 20.
        for (int i = 0; i < realVocab && k > 0; i++) {
            float v = logits[offset + i];
            if (filled == k && v <= logits[offset + ids[k - 1]]) {
                continue;
            }
            int pos = Math.min(filled, k - 1);
            while (pos > 0 && logits[offset + ids[pos - 1]] < v) {
                ids[pos] = ids[pos - 1];
                pos--;
            }
            ids[pos] = i;
            if (filled < k) {
                filled++;
            }
        }
        for (int i = 0; i < k; i++) {
            lps[i] = logits[offset + ids[i]] - lse;
        }
        return new Job.TokenLogprob(token, logits[offset + token] - lse, ids, lps);
    }
}
