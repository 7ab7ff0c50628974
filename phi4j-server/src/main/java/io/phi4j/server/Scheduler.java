package io.phi4j.server;

import io.phi4j.Model;
import io.phi4j.generate.FinishReason;
import io.phi4j.generate.GenerationState;
import io.phi4j.generate.TokenListener;
import io.phi4j.model.Session;
import io.phi4j.tokenizer.Tokenizer;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Continuous batching over a fixed set of slots, each a {@link Session} with its own KV cache. One thread owns
 * the model: each turn of its loop admits waiting jobs into free slots (between steps, never mid-step),
 * prefills at most one chunk of each new prompt with {@link Session#append}, then runs every decoding sequence
 * through the weights once with {@link Session#decodeBatch} and hands each its logits row. An idle slot keeps
 * its cache, and a new prompt goes to the free slot sharing the longest prefix with it, so a conversation's
 * next turn only computes its new tokens (llama.cpp's server picks slots by prompt similarity the same way).
 * Every row of a step is computed independently of the others, so a sequence's tokens do not depend on what
 * else is in the batch.
 */
final class Scheduler implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(Scheduler.class.getName());
    /** Prompt tokens prefilled per slot per loop turn, so a long prompt does not stall the others' decoding. */
    static final int PREFILL_CHUNK = Session.PREFILL_BATCH;
    private static final long IDLE_WAIT_MILLIS = 50;

    private final Tokenizer tokenizer;
    private final int vocab;
    private final Slot[] slots;
    private final ArrayBlockingQueue<Job> waiting;
    private final Metrics metrics;
    private final Thread thread;
    private final AtomicInteger busy = new AtomicInteger();
    private final Object idleLock = new Object();
    private volatile boolean accepting = true;
    private volatile long shutdownDeadline;
    private volatile boolean shuttingDown;
    private volatile boolean stopped;
    private long clock;

    private static final class Slot {
        final Session session;
        Job job;
        GenerationState state;
        TokenListener listener;
        int prefilled;
        int pending = -1;
        long lastUsed;
        /** The logits row the current token is sampled from, for the listener's log-probs. */
        float[] logits;
        int logitsOffset;

        Slot(Session session) {
            this.session = session;
        }
    }

    Scheduler(Model model, int parallel, int contextSize, int queueLimit, Metrics metrics) {
        this.tokenizer = model.tokenizer();
        this.vocab = model.config().vocabSize();
        this.slots = new Slot[parallel];
        for (int i = 0; i < parallel; i++) {
            slots[i] = new Slot(model.newSession(contextSize));
        }
        this.waiting = new ArrayBlockingQueue<>(Math.max(1, queueLimit));
        this.metrics = metrics;
        metrics.gauges(waiting::size, busy::get, parallel);
        this.thread = Thread.ofPlatform().name("phi4j-scheduler").daemon().unstarted(this::loop);
        thread.start();
    }

    /** Whether the scheduling thread is alive (it survives failures of a step; this is for the unforeseen). */
    boolean running() {
        return thread.isAlive();
    }

    int contextSize() {
        return slots[0].session.capacity();
    }

    /** Queues a job; 429 when the queue is full, 503 while shutting down. */
    void submit(Job job) {
        if (!accepting) {
            throw ApiException.busy(503, "server_shutting_down", "the server is shutting down", 5);
        }
        if (!waiting.offer(job)) {
            throw ApiException.busy(429, "queue_full", "the server is busy: " + waiting.size()
                    + " requests are already waiting for a slot; retry later", 1);
        }
    }

    /** The client went away: drop the job if it is still queued, else the loop frees its slot before the next step. */
    void cancel(Job job) {
        job.cancel();
        if (waiting.remove(job)) {
            metrics.ended("client_disconnect");
        }
    }

    /**
     * Stops taking jobs and fails the queued ones with 503; running generations may finish within
     * {@code grace}, after which they are cancelled. Returns at once.
     */
    void shutdown(Duration grace) {
        accepting = false;
        shutdownDeadline = System.nanoTime() + grace.toNanos();
        shuttingDown = true;
        Job j;
        while ((j = waiting.poll()) != null) {
            j.emit(new Job.Failed(shutdownError()));
            metrics.ended("shutdown");
        }
    }

    /** Waits until no slot is busy and nothing is queued; false on timeout. */
    boolean awaitIdle(Duration timeout) throws InterruptedException {
        long end = System.nanoTime() + timeout.toNanos();
        synchronized (idleLock) {
            while (busy.get() > 0 || !waiting.isEmpty()) {
                long left = end - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                TimeUnit.NANOSECONDS.timedWait(idleLock, left);
            }
        }
        return true;
    }

    @Override
    public void close() {
        shutdown(Duration.ZERO);
        stopped = true;
        try {
            thread.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static ApiException shutdownError() {
        return ApiException.busy(503, "server_shutting_down", "the server is shutting down", 5);
    }

    private void loop() {
        while (true) {
            try {
                if (stopped && busy.get() == 0) {
                    return;
                }
                admit();
                expire();
                step();
            } catch (Throwable t) {
                LOG.log(Level.SEVERE, "generation failed", t);
                try {
                    failAll(t);
                } catch (Throwable again) {
                    LOG.log(Level.SEVERE, "could not report the failure", again);
                }
            }
            if (busy.get() == 0) {
                synchronized (idleLock) {
                    idleLock.notifyAll();
                }
            }
        }
    }

    /** Moves queued jobs into free slots; blocks briefly for new work when nothing is running. */
    private void admit() throws InterruptedException {
        while (true) {
            Slot free = null;
            for (Slot s : slots) {
                if (s.job == null) {
                    free = s;
                    break;
                }
            }
            if (free == null) {
                return;
            }
            Job job = busy.get() == 0 && !stopped ? waiting.poll(IDLE_WAIT_MILLIS, TimeUnit.MILLISECONDS) : waiting.poll();
            if (job == null) {
                return;
            }
            if (job.cancelled()) {
                metrics.ended("client_disconnect");
                continue;
            }
            if (System.nanoTime() > job.deadlineNanos) {
                job.emit(new Job.Failed(timeoutWaiting()));
                metrics.ended("timeout");
                continue;
            }
            start(job, slotFor(job.prompt));
        }
    }

    private static ApiException timeoutWaiting() {
        return ApiException.busy(503, "timeout", "the request timed out waiting for a free slot; retry later", 1);
    }

    /**
     * The free slot whose cache shares the longest prefix with the prompt, if that prefix is at least half the
     * prompt; otherwise the least recently used free slot, so that a stranger's prompt does not evict a
     * conversation that merely starts the same way (llama.cpp's server: {@code --slot-prompt-similarity 0.5}).
     */
    private Slot slotFor(int[] prompt) {
        Slot best = null, lru = null;
        int bestPrefix = -1;
        for (Slot s : slots) {
            if (s.job != null) {
                continue;
            }
            int p = s.session.commonPrefix(prompt);
            if (p > bestPrefix) {
                best = s;
                bestPrefix = p;
            }
            if (lru == null || s.lastUsed < lru.lastUsed) {
                lru = s;
            }
        }
        return bestPrefix * 2 >= prompt.length ? best : lru;
    }

    private void start(Job job, Slot slot) {
        int[] prompt = job.prompt;
        int reuse = slot.session.commonPrefix(prompt);
        if (reuse == prompt.length) {
            reuse--; // the last prompt token is evaluated again for its logits
        }
        slot.session.truncate(reuse);
        slot.prefilled = reuse;
        slot.pending = -1;
        slot.job = job;
        slot.state = new GenerationState(tokenizer, vocab, prompt, job.options);
        slot.listener = (id, text) -> {
            Job.TokenLogprob lp = job.topLogprobs >= 0 && id >= 0
                    ? Logprobs.of(slot.logits, slot.logitsOffset, vocab, tokenizer.vocabSize(), id, job.topLogprobs)
                    : null;
            job.emit(new Job.Token(id, text, lp));
            return !job.cancelled();
        };
        busy.incrementAndGet();
        metrics.queueSeconds.observe((System.nanoTime() - job.arrivalNanos) / 1e9);
        metrics.promptTokens.add(prompt.length);
        metrics.reusedPromptTokens.add(reuse);
        job.emit(new Job.Started(reuse));
        if (slot.state.done()) { // max_tokens 0
            finish(slot, null);
        }
    }

    /** Frees the slots of jobs whose client left, whose time is up, or that the shutdown cuts short. */
    private void expire() {
        long now = System.nanoTime();
        for (Slot s : slots) {
            if (s.job == null) {
                continue;
            }
            if (s.job.cancelled()) {
                s.state.end(FinishReason.CANCELLED, TokenListener.NONE);
                finish(s, "client_disconnect");
            } else if (shuttingDown && now > shutdownDeadline) {
                s.state.end(FinishReason.CANCELLED, TokenListener.NONE);
                s.job.emit(new Job.Failed(shutdownError()));
                finish(s, "shutdown");
            } else if (now > s.job.deadlineNanos) {
                // As llama.cpp's t_max_predict_ms: the text so far is returned with finish_reason "length".
                s.state.end(FinishReason.CANCELLED, s.listener);
                finish(s, "timeout");
            }
        }
        for (Iterator<Job> it = waiting.iterator(); it.hasNext(); ) {
            Job j = it.next();
            if (now > j.deadlineNanos && waiting.remove(j)) {
                j.emit(new Job.Failed(timeoutWaiting()));
                metrics.ended("timeout");
            }
        }
    }

    /**
     * One pass over the weights for every slot with work: each decoding sequence appends its pending token and
     * each new prompt its next chunk (at most {@link #PREFILL_CHUNK} prompt tokens per step in all, so a long
     * prompt does not stall the others' decoding for long), as llama.cpp's server mixes prompt batches into its
     * decode batch. A prompt gets no pass of its own, so requests arriving all the time do not cost extra passes.
     */
    private void step() {
        List<Slot> batch = new ArrayList<>(slots.length);
        int budget = PREFILL_CHUNK;
        for (Slot s : slots) {
            if (s.job == null) {
                continue;
            }
            if (s.prefilled < s.job.prompt.length) {
                if (budget > 0) {
                    batch.add(s);
                    budget -= Math.min(budget, s.job.prompt.length - s.prefilled);
                }
            } else if (s.pending >= 0) {
                batch.add(s);
            }
        }
        if (batch.isEmpty()) {
            return;
        }
        int n = batch.size();
        Session[] sessions = new Session[n];
        int[][] inputs = new int[n][];
        int[] from = new int[n], count = new int[n];
        boolean[] want = new boolean[n], prompting = new boolean[n];
        budget = PREFILL_CHUNK;
        for (int i = 0; i < n; i++) {
            Slot s = batch.get(i);
            sessions[i] = s.session;
            int[] prompt = s.job.prompt;
            prompting[i] = s.prefilled < prompt.length;
            if (prompting[i]) {
                inputs[i] = prompt;
                from[i] = s.prefilled;
                count[i] = Math.min(budget, prompt.length - s.prefilled);
                budget -= count[i];
                want[i] = s.prefilled + count[i] == prompt.length;
            } else {
                inputs[i] = new int[] {s.pending};
                count[i] = 1;
                want[i] = true;
            }
        }
        long t0 = System.nanoTime();
        float[] logits = Session.appendBatch(sessions, inputs, from, count, want);
        metrics.stepSeconds.observe((System.nanoTime() - t0) / 1e9);
        metrics.batchSize.observe(n);
        metrics.decodeSteps.increment();
        int row = 0;
        for (int i = 0; i < n; i++) {
            Slot s = batch.get(i);
            if (prompting[i]) {
                s.prefilled += count[i];
            }
            if (want[i]) {
                sample(s, logits, row++ * vocab);
            }
        }
    }

    private void sample(Slot s, float[] logits, int offset) {
        s.logits = logits;
        s.logitsOffset = offset;
        boolean room = s.session.position() < s.session.capacity();
        int token = s.state.next(logits, offset, room, s.listener);
        s.logits = null;
        if (s.state.tokenCount() == 1) {
            metrics.firstTokenSeconds.observe((System.nanoTime() - s.job.arrivalNanos) / 1e9);
        }
        if (s.state.done()) {
            finish(s, null);
        } else {
            s.pending = token;
        }
    }

    /** Reports the end of a slot's job (unless {@code ending} says the client is gone or it failed) and frees it. */
    private void finish(Slot s, String ending) {
        Job job = s.job;
        GenerationState state = s.state;
        if (ending == null) {
            FinishReason r = state.finishReason();
            ending = r == FinishReason.CANCELLED ? "client_disconnect" : r.name().toLowerCase(java.util.Locale.ROOT);
        }
        // Count first: a client that has read Finished may look at /metrics at once.
        metrics.ended(ending);
        metrics.completionTokens.add(state.tokenCount());
        if (!ending.equals("client_disconnect") && !ending.equals("shutdown")) {
            String openAi = state.finishReason() == FinishReason.STOP ? "stop" : "length";
            job.emit(new Job.Finished(openAi, ending, job.prompt.length, state.tokenCount()));
        }
        s.job = null;
        s.state = null;
        s.listener = null;
        s.pending = -1;
        s.lastUsed = ++clock;
        busy.decrementAndGet();
    }

    /** An unexpected failure mid-step: every running job gets a 500 and every slot starts clean. */
    private void failAll(Throwable t) {
        String msg = t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage().lines().findFirst().orElse("");
        for (Slot s : slots) {
            if (s.job != null) {
                s.job.emit(new Job.Failed(ApiException.status(500, "server_error", "internal_error",
                        "generation failed: " + msg)));
                metrics.ended("error");
                s.job = null;
                s.state = null;
                s.listener = null;
                s.pending = -1;
                s.lastUsed = ++clock;
                busy.decrementAndGet();
            }
            s.session.truncate(0); // the step may have stopped half-way through the cache
        }
    }
}
