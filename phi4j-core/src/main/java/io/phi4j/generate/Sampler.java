package io.phi4j.generate;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Picks the next token from logits. Order of the steps, as Hugging Face's {@code generate} applies them:
 * penalties on recent tokens, temperature, top-k, top-p, min-p, then a draw from what is left. Temperature
 * 0 is greedy (argmax; the lowest id wins a tie, as {@code torch.argmax}). Deterministic for a given seed.
 */
public final class Sampler {
    private final GenerationOptions options;
    private final SplittableRandom random;
    private long[] order = new long[0];
    private float[] work = new float[0];

    public Sampler(GenerationOptions options) {
        this.options = options;
        this.random = new SplittableRandom(options.seed());
    }

    /**
     * @param logits  scores, {@code logits[offset .. offset+vocab)}; not modified
     * @param history tokens seen so far (prompt and output), for the penalties
     */
    public int sample(float[] logits, int offset, int vocab, int[] history, int historyLength) {
        if (work.length < vocab) {
            work = new float[vocab];
            order = new long[vocab];
        }
        float[] x = work;
        System.arraycopy(logits, offset, x, 0, vocab);
        applyPenalties(x, vocab, history, historyLength);
        if (options.temperature() <= 0) {
            return argmax(x, vocab);
        }
        float invT = (float) (1.0 / options.temperature());
        for (int i = 0; i < vocab; i++) {
            x[i] *= invT;
        }
        int n = sortDescending(x, vocab);
        int keep = n;
        if (options.topK() > 0) {
            keep = Math.min(keep, options.topK());
        }
        float max = x[index(0)];
        double[] probs = new double[keep];
        double sum = 0;
        for (int i = 0; i < keep; i++) {
            probs[i] = Math.exp(x[index(i)] - max);
            sum += probs[i];
        }
        if (options.topP() < 1) {
            // Smallest prefix whose probability mass reaches top_p (always at least one token).
            double cumulative = 0;
            int cut = keep;
            for (int i = 0; i < keep; i++) {
                cumulative += probs[i] / sum;
                if (cumulative >= options.topP()) {
                    cut = i + 1;
                    break;
                }
            }
            keep = cut;
        }
        if (options.minP() > 0) {
            // p_i >= minP * p_max  <=>  exp(x_i - max) >= minP, independent of normalisation.
            int cut = 1;
            while (cut < keep && probs[cut] >= options.minP()) {
                cut++;
            }
            keep = cut;
        }
        double total = 0;
        for (int i = 0; i < keep; i++) {
            total += probs[i];
        }
        double r = random.nextDouble() * total;
        for (int i = 0; i < keep; i++) {
            r -= probs[i];
            if (r < 0) {
                return index(i);
            }
        }
        return index(keep - 1);
    }

    private void applyPenalties(float[] x, int vocab, int[] history, int historyLength) {
        boolean repeat = options.repeatPenalty() != 1.0;
        boolean openAi = options.presencePenalty() != 0 || options.frequencyPenalty() != 0;
        if ((!repeat && !openAi) || historyLength == 0) {
            return;
        }
        int window = options.repeatLastN() < 0 ? historyLength : Math.min(historyLength, options.repeatLastN());
        int[] counts = new int[vocab];
        for (int i = historyLength - window; i < historyLength; i++) {
            int id = history[i];
            if (id >= 0 && id < vocab) {
                counts[id]++;
            }
        }
        float rp = (float) options.repeatPenalty();
        for (int id = 0; id < vocab; id++) {
            int c = counts[id];
            if (c == 0) {
                continue;
            }
            if (repeat) {
                x[id] = x[id] > 0 ? x[id] / rp : x[id] * rp;
            }
            x[id] -= (float) (c * options.frequencyPenalty() + options.presencePenalty());
        }
    }

    static int argmax(float[] x, int n) {
        int best = 0;
        for (int i = 1; i < n; i++) {
            if (x[i] > x[best]) {
                best = i;
            }
        }
        return best;
    }

    /** Sorts token ids by score, highest first, skipping -inf and NaN; returns how many remain. */
    private int sortDescending(float[] x, int vocab) {
        int n = 0;
        for (int i = 0; i < vocab; i++) {
            float v = x[i];
            if (v == Float.NEGATIVE_INFINITY || Float.isNaN(v)) {
                continue;
            }
            // Flip the float's bits so that ascending long order is descending score, then the lower id.
            int bits = Float.floatToIntBits(v);
            int ascending = bits ^ ((bits >> 31) & 0x7fffffff);
            int key = ~ascending;
            order[n++] = ((long) key << 32) | i;
        }
        if (n == 0) {
            order[n++] = 0;
        }
        Arrays.sort(order, 0, n);
        return n;
    }

    private int index(int rank) {
        return (int) order[rank];
    }
}
