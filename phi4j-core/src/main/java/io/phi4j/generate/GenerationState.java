package io.phi4j.generate;

import io.phi4j.tokenizer.Tokenizer;
import io.phi4j.tokenizer.Utf8StreamDecoder;

import java.util.Arrays;

/**
 * The per-token logic of one generation, independent of how its logits are computed: sampling (with the
 * penalty history), end-of-sequence, stop strings, UTF-8 streaming and the finish reason. {@link Generator}
 * drives one of these over a single session; a server drives many of them over one batched forward pass per
 * step. Not thread-safe: one sequence, one thread at a time.
 *
 * <p>Order of the checks after each token (the same whichever driver): end-of-sequence, stop string, the
 * listener's cancel, a full context, the token limit. Text held back (half a UTF-8 character, a possible
 * stop-string start) is flushed to the listener as {@code onToken(-1, rest)} when generation ends for any
 * reason but a stop string.
 */
public final class GenerationState {
    private final Tokenizer tokenizer;
    private final GenerationOptions options;
    private final int vocab;
    private final int eos;
    private final Sampler sampler;
    private final StopMatcher stops;
    private final Utf8StreamDecoder utf8 = new Utf8StreamDecoder();
    private final StringBuilder text = new StringBuilder();
    private int[] history;
    private int historyLength;
    private int[] out = new int[16];
    private int produced;
    private FinishReason reason;

    /**
     * @param vocab  logits per row (the model's vocabulary size, which may exceed the tokenizer's)
     * @param prompt the prompt tokens (for the penalties' history)
     */
    public GenerationState(Tokenizer tokenizer, int vocab, int[] prompt, GenerationOptions options) {
        this.tokenizer = tokenizer;
        this.options = options;
        this.vocab = vocab;
        this.eos = tokenizer.eosId();
        this.sampler = new Sampler(options);
        this.stops = new StopMatcher(options.stop());
        this.history = Arrays.copyOf(prompt, prompt.length + 64);
        this.historyLength = prompt.length;
        if (options.maxTokens() == 0) {
            reason = FinishReason.LENGTH;
        }
    }

    /**
     * Samples the next token from {@code logits[offset .. offset+vocab)} (not modified), hands its final text to
     * {@code listener} and decides whether generation goes on.
     *
     * @param roomForMore whether the sequence's context can take the sampled token (false ends with
     *                    {@link FinishReason#CONTEXT} after this token)
     * @return the sampled token: while {@link #done()} is false, the caller appends it and calls again with
     *         the new logits
     */
    public int next(float[] logits, int offset, boolean roomForMore, TokenListener listener) {
        if (reason != null) {
            throw new IllegalStateException("generation has ended (" + reason + ")");
        }
        int token = sampler.sample(logits, offset, vocab, history, historyLength);
        if (produced == out.length) {
            out = Arrays.copyOf(out, out.length * 2);
        }
        out[produced++] = token;
        if (historyLength == history.length) {
            history = Arrays.copyOf(history, history.length * 2);
        }
        history[historyLength++] = token;
        if (options.stopAtEos() && token == eos) {
            finish(FinishReason.STOP, listener);
            return token;
        }
        String piece = stops.accept(utf8.feed(tokenizer.tokenBytes(token)));
        text.append(piece);
        boolean go = listener.onToken(token, piece);
        if (stops.stopped()) {
            reason = FinishReason.STOP; // the stop string and whatever followed it are dropped
        } else if (!go) {
            finish(FinishReason.CANCELLED, listener);
        } else if (!roomForMore) {
            finish(FinishReason.CONTEXT, listener);
        } else if (options.maxTokens() >= 0 && produced >= options.maxTokens()) {
            finish(FinishReason.LENGTH, listener);
        }
        return token;
    }

    /** Ends generation early (the caller was interrupted, timed out, …): held-back text is flushed first. */
    public void end(FinishReason why, TokenListener listener) {
        if (reason == null) {
            finish(why, listener);
        }
    }

    private void finish(FinishReason why, TokenListener listener) {
        reason = why;
        String rest = stops.accept(utf8.flush());
        rest += stops.flush();
        if (!rest.isEmpty()) {
            text.append(rest);
            listener.onToken(-1, rest);
        }
    }

    public boolean done() {
        return reason != null;
    }

    /** Why generation ended; null while it goes on. */
    public FinishReason finishReason() {
        return reason;
    }

    /** The text so far (stop string excluded). */
    public String text() {
        return text.toString();
    }

    /** The generated tokens so far (including a final EOS). */
    public int[] tokens() {
        return Arrays.copyOf(out, produced);
    }

    public int tokenCount() {
        return produced;
    }

    /** The most recently sampled token, or -1 before the first. */
    public int lastToken() {
        return produced == 0 ? -1 : out[produced - 1];
    }
}
