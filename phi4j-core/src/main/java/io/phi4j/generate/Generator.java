package io.phi4j.generate;

import io.phi4j.PhiException;
import io.phi4j.model.Session;
import io.phi4j.tokenizer.Tokenizer;

/**
 * Streams tokens from a {@link Session}: reuses the cached prefix of the prompt, processes the rest as a batch,
 * then samples one token at a time until EOS, a stop string, the token limit or a full context. Text reaches
 * the listener only when it is final: never half a UTF-8 character, never part of a stop string. The per-token
 * logic lives in {@link GenerationState}, shared with batched drivers.
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

        GenerationState state = new GenerationState(tokenizer, session.model().config().vocabSize(), prompt, options);
        long promptNanos = 0, tFirst = 0;
        while (!state.done()) {
            if (Thread.currentThread().isInterrupted()) {
                state.end(FinishReason.CANCELLED, listener);
                break;
            }
            int next = state.next(logits, 0, session.position() < session.capacity(), listener);
            if (state.tokenCount() == 1) {
                tFirst = System.nanoTime();
                promptNanos = tFirst - t0;
            }
            if (!state.done()) {
                logits = session.append(next);
            }
        }
        int produced = state.tokenCount();
        long end = System.nanoTime();
        if (produced == 0) {
            promptNanos = end - t0;
        }
        return new GenerationResult(state.text(), state.tokens(), prompt.length, reused,
                state.finishReason(), promptNanos, produced == 0 ? 0 : end - tFirst);
    }
}
