package io.phi4j.server;

import io.phi4j.generate.GenerationOptions;

import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;

/**
 * One generation request on its way through the {@link Scheduler}. The HTTP handler thread that submitted it
 * reads {@link #events}; the scheduler thread writes them. {@link #cancel()} (the client went away) is seen by
 * the scheduler before its next step, which then frees the slot.
 */
final class Job {
    final int[] prompt;
    final GenerationOptions options;
    /** -1: no log-probs; 0: the chosen token's only; n: also the n most likely alternatives. */
    final int topLogprobs;
    final long arrivalNanos;
    final long deadlineNanos;
    final BlockingQueue<Event> events = new LinkedBlockingQueue<>();
    private volatile boolean cancelled;

    Job(int[] prompt, GenerationOptions options, int topLogprobs, long arrivalNanos, long timeLimitNanos) {
        this.prompt = prompt;
        this.options = options;
        this.topLogprobs = topLogprobs;
        this.arrivalNanos = arrivalNanos;
        this.deadlineNanos = arrivalNanos + timeLimitNanos;
    }

    void cancel() {
        cancelled = true;
    }

    boolean cancelled() {
        return cancelled;
    }

    void emit(Event e) {
        events.add(e);
    }

    sealed interface Event permits Started, Token, Finished, Failed {
    }

    /** The job got a slot; {@code reusedTokens} of its prompt were already in that slot's cache. */
    record Started(int reusedTokens) implements Event {
    }

    /**
     * A sampled token and the text that became final with it (often "", see
     * {@link io.phi4j.generate.TokenListener}); {@code id} is -1 for text flushed at the end.
     */
    record Token(int id, String text, TokenLogprob logprob) implements Event {
    }

    /**
     * @param openAiReason "stop" or "length" (a token limit, a full context or the time limit)
     * @param ending       what happened, for metrics: stop, length, context, timeout
     */
    record Finished(String openAiReason, String ending, int promptTokens, int completionTokens) implements Event {
    }

    record Failed(ApiException error) implements Event {
    }

    /** A chosen token's log-probability and the most likely alternatives at that step. */
    record TokenLogprob(int token, double logprob, int[] topIds, double[] topLogprobs) {
    }
}
