package io.phi4j.generate;

import io.phi4j.PhiException;
import io.phi4j.model.Session;
import io.phi4j.tokenizer.Tokenizer;
import io.phi4j.tokenizer.Utf8StreamDecoder;

import java.util.Arrays;

/**
 * Streams tokens from a {@link Session}: reuses the cached prefix of the prompt, processes the rest as a batch,
 * then samples one token at a time until EOS, a stop string, the token limit or a full context. Text reaches
 * the listener only when it is final: never half a UTF-8 character, never part of a stop string.
 */
public final class Generator {
    private final Tokenizer tokenizer;

    public Generator(Tokenizer tokenizer) {
        this.tokenizer = tokenizer;
    }

    public GenerationResult generate(Session session, int[] prompt, GenerationOptions options, TokenListener listener) {
        if (prompt.length == 0) {
            throw new PhiException("the prompt is empty: give at least one token of text");
        }
        if (prompt.length >= session.capacity()) {
            throw new PhiException("the prompt has " + prompt.length + " tokens but the context holds "
                    + session.capacity() + " (leaving no room to generate); shorten the prompt or raise --ctx");
        }
        long t0 = System.nanoTime();
        int reused = session.commonPrefix(prompt);
        if (reused == prompt.length) {
            reused--; // the last prompt token must be evaluated again to get its logits
        }
        session.truncate(reused);
        float[] logits = session.append(prompt, reused, prompt.length - reused, false);

        int vocab = session.model().config().vocabSize();
        Sampler sampler = new Sampler(options);
        StopMatcher stops = new StopMatcher(options.stop());
        Utf8StreamDecoder utf8 = new Utf8StreamDecoder();
        StringBuilder text = new StringBuilder();
        int[] history = Arrays.copyOf(prompt, prompt.length + 64);
        int historyLength = prompt.length;
        int[] out = new int[16];
        int produced = 0;
        long promptNanos = 0, tFirst = 0;
        FinishReason reason;
        int eos = tokenizer.eosId();
        while (true) {
            if (options.maxTokens() >= 0 && produced >= options.maxTokens()) {
                reason = FinishReason.LENGTH;
                break;
            }
            if (Thread.currentThread().isInterrupted()) {
                reason = FinishReason.CANCELLED;
                break;
            }
            int next = sampler.sample(logits, 0, vocab, history, historyLength);
            if (produced == 0) {
                tFirst = System.nanoTime();
                promptNanos = tFirst - t0;
            }
            if (produced == out.length) {
                out = Arrays.copyOf(out, out.length * 2);
            }
            out[produced++] = next;
            if (historyLength == history.length) {
                history = Arrays.copyOf(history, history.length * 2);
            }
            history[historyLength++] = next;
            if (options.stopAtEos() && next == eos) {
                reason = FinishReason.STOP;
                break;
            }
            String piece = stops.accept(utf8.feed(tokenizer.tokenBytes(next)));
            text.append(piece);
            boolean go = listener.onToken(next, piece);
            if (stops.stopped()) {
                reason = FinishReason.STOP;
                break;
            }
            if (!go) {
                reason = FinishReason.CANCELLED;
                break;
            }
            if (session.position() >= session.capacity()) {
                reason = FinishReason.CONTEXT;
                break;
            }
            logits = session.append(next);
        }
        if (reason != FinishReason.STOP || !stops.stopped()) {
            String rest = stops.accept(utf8.flush());
            rest += stops.flush();
            if (!rest.isEmpty()) {
                text.append(rest);
                listener.onToken(-1, rest);
            }
        }
        long end = System.nanoTime();
        if (produced == 0) {
            promptNanos = end - t0;
        }
        return new GenerationResult(text.toString(), Arrays.copyOf(out, produced), prompt.length, reused,
                reason, promptNanos, produced == 0 ? 0 : end - tFirst);
    }
}
