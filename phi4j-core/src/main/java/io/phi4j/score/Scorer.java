package io.phi4j.score;

import io.phi4j.PhiException;
import io.phi4j.model.PhiModel;
import io.phi4j.model.Session;

/** Per-token log-likelihoods and llama.cpp-style perplexity. */
public final class Scorer {
    private Scorer() {
    }

    /**
     * The natural-log probability of each token given all tokens before it; {@code NaN} for the first token,
     * which has no context (no BOS is added). The whole sequence must fit in one context.
     */
    public static double[] tokenLogProbs(PhiModel model, int[] tokens, int contextSize) {
        double[] out = new double[tokens.length];
        if (tokens.length == 0) {
            return out;
        }
        int ctx = contextSize > 0 ? contextSize : Math.min(tokens.length, model.config().contextLength());
        if (tokens.length > ctx) {
            throw new PhiException("the text has " + tokens.length + " tokens but the context holds " + ctx
                    + "; use --ppl --ctx N to score long texts in chunks");
        }
        out[0] = Double.NaN;
        int vocab = model.config().vocabSize();
        Session session = new Session(model, ctx);
        session.append(tokens, 0, tokens.length, true, (i, logits, off) -> {
            if (i + 1 < tokens.length) {
                out[i + 1] = LogProbs.logProb(logits, off, vocab, tokens[i + 1]);
            }
        });
        return out;
    }

    /** Result of {@link #perplexity}. */
    public record Perplexity(double ppl, double stderr, int chunks, int scoredTokens) {
    }

    /**
     * Perplexity exactly as {@code llama-perplexity -c ctx} computes it (no BOS, as for Phi-2): the text is cut
     * into {@code floor(n / ctx)} chunks of {@code ctx} tokens; each chunk is evaluated from an empty cache and
     * scored on the predictions made from positions {@code ctx/2 .. ctx-2} (the second half, where every
     * prediction has at least {@code ctx/2} tokens of context). The error estimate is llama.cpp's:
     * {@code ppl × sqrt((mean(nll²) − mean(nll)²) / (count − 1))}.
     */
    public static Perplexity perplexity(PhiModel model, int[] tokens, int ctx, ChunkListener listener) {
        if (ctx < 4) {
            throw new PhiException("--ctx must be at least 4 for perplexity");
        }
        if (tokens.length < 2 * ctx) {
            throw new PhiException("perplexity with a context of " + ctx + " needs at least " + (2 * ctx)
                    + " tokens, the text has " + tokens.length + " (as llama-perplexity)");
        }
        int chunks = tokens.length / ctx;
        int first = ctx / 2;
        int vocab = model.config().vocabSize();
        Session session = new Session(model, ctx);
        double[] sums = new double[2];
        int[] count = new int[1];
        for (int c = 0; c < chunks; c++) {
            session.truncate(0);
            int start = c * ctx;
            session.append(tokens, start, ctx, true, (i, logits, off) -> {
                if (i >= first && i < ctx - 1) {
                    double nll = -LogProbs.logProb(logits, off, vocab, tokens[start + i + 1]);
                    sums[0] += nll;
                    sums[1] += nll * nll;
                    count[0]++;
                }
            });
            if (listener != null) {
                listener.chunkDone(c + 1, chunks, Math.exp(sums[0] / count[0]));
            }
        }
        double meanNll = sums[0] / count[0];
        double ppl = Math.exp(meanNll);
        double var = sums[1] / count[0] - meanNll * meanNll;
        double stderr = var > 0 && count[0] > 1 ? Math.sqrt(var / (count[0] - 1)) * ppl : 0;
        return new Perplexity(ppl, stderr, chunks, count[0]);
    }

    /** Progress of {@link #perplexity}: running perplexity after each chunk. */
    @FunctionalInterface
    public interface ChunkListener {
        void chunkDone(int done, int total, double runningPpl);
    }
}
