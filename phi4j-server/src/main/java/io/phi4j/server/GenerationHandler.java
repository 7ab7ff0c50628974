package io.phi4j.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.phi4j.tokenizer.Tokenizer;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * {@code POST /v1/completions} and {@code POST /v1/chat/completions}: validates and tokenizes on the request's
 * own (virtual) thread, hands a {@link Job} to the {@link Scheduler}, then relays its events, as one JSON body
 * or as Server-Sent Events. While waiting it writes a heartbeat (an SSE comment, or a space before the JSON
 * body, which JSON allows) so that a client that has gone is noticed and its slot freed.
 */
final class GenerationHandler {
    private final Scheduler scheduler;
    private final RequestParser parser;
    private final Tokenizer tokenizer;
    private final OpenAiJson json;
    private final Metrics metrics;
    private final int vocab;
    private final long timeLimitNanos;
    private final long heartbeatMillis;

    GenerationHandler(Scheduler scheduler, RequestParser parser, Tokenizer tokenizer, OpenAiJson json, Metrics metrics,
                      int vocab, long timeLimitNanos, long heartbeatMillis) {
        this.scheduler = scheduler;
        this.parser = parser;
        this.tokenizer = tokenizer;
        this.json = json;
        this.metrics = metrics;
        this.vocab = vocab;
        this.timeLimitNanos = timeLimitNanos;
        this.heartbeatMillis = heartbeatMillis;
    }

    void handle(JsonNode body, boolean chat, Reply reply) throws IOException {
        long arrival = System.nanoTime();
        GenerationRequest req = parser.parse(body, chat);
        int[] prompt = tokenize(req);
        Job job = new Job(prompt, req.options(), req.topLogprobs(), arrival, timeLimitNanos);
        scheduler.submit(job);
        boolean done = false;
        try {
            done = req.stream() ? stream(req, job, reply) : block(req, job, reply);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException e) {
            // the client disconnected; the finally block frees the slot
        } finally {
            if (!done) {
                scheduler.cancel(job);
            }
            metrics.requestSeconds.observe((System.nanoTime() - arrival) / 1e9);
            reply.finish();
        }
    }

    private int[] tokenize(GenerationRequest req) {
        int[] ids = req.promptIds() != null ? req.promptIds() : tokenizer.encode(req.promptText(), req.parseSpecial());
        String param = req.chat() ? "messages" : "prompt";
        if (ids.length == 0) {
            throw ApiException.invalid(param, "the prompt is empty: give at least one token of text");
        }
        for (int id : ids) {
            if (id >= vocab) {
                throw ApiException.invalid(param, "token id " + id + " is outside the vocabulary (0.." + (vocab - 1) + ")");
            }
        }
        int ctx = scheduler.contextSize();
        int max = req.options().maxTokens();
        if (ids.length >= ctx || (req.maxTokensGiven() && (long) ids.length + max > ctx)) {
            String asked = req.maxTokensGiven()
                    ? "you requested " + ((long) ids.length + max) + " tokens (" + ids.length + " in the "
                    + (req.chat() ? "messages" : "prompt") + ", " + max + " in the completion)"
                    : "your " + (req.chat() ? "messages" : "prompt") + " resulted in " + ids.length + " tokens";
            throw ApiException.invalid(param, "context_length_exceeded", "This model's maximum context length is "
                    + ctx + " tokens. However, " + asked + ". Please reduce the length of the "
                    + (req.chat() ? "messages" : "prompt") + " or completion.");
        }
        return ids;
    }

    /** One JSON body at the end; true if the job ended (else the caller cancels it). */
    private boolean block(GenerationRequest req, Job job, Reply reply) throws IOException, InterruptedException {
        StringBuilder text = new StringBuilder();
        List<Job.TokenLogprob> logprobs = req.topLogprobs() >= 0 ? new ArrayList<>() : null;
        boolean started = false;
        long startedAt = 0;
        long beat = heartbeatMillis * 1_000_000;
        while (true) {
            Job.Event e = job.events.poll(heartbeatMillis, TimeUnit.MILLISECONDS);
            // Tokens keep arriving without a write, so the heartbeat goes by the clock, not by idle polls.
            if (started && System.nanoTime() - startedAt >= beat && (!reply.committed() || reply.idleNanos() >= beat)) {
                reply.open("application/json");
                reply.write(" ");
            }
            if (e == null) {
                stalled(job);
                continue;
            }
            switch (e) {
                case Job.Started s -> {
                    started = true;
                    startedAt = System.nanoTime();
                }
                case Job.Token t -> {
                    text.append(t.text());
                    if (logprobs != null && t.logprob() != null) {
                        logprobs.add(t.logprob());
                    }
                }
                case Job.Finished f -> {
                    ObjectNode out = req.chat()
                            ? json.envelope("chatcmpl-" + id(), "chat.completion", created())
                            : json.envelope("cmpl-" + id(), "text_completion", created());
                    out.putArray("choices").add(req.chat()
                            ? json.chatChoice(false, "assistant", text.toString(), logprobs, req.topLogprobs(), f.openAiReason())
                            : json.textChoice(text.toString(), logprobs, req.topLogprobs(), 0, f.openAiReason()));
                    out.set("usage", OpenAiJson.usage(f.promptTokens(), f.completionTokens()));
                    if (reply.committed()) {
                        reply.write(Reply.toJson(out));
                    } else {
                        reply.json(200, out);
                    }
                    return true;
                }
                case Job.Failed f -> {
                    if (reply.committed()) {
                        reply.write(Reply.toJson(OpenAiJson.error(f.error())));
                    } else {
                        reply.error(f.error());
                    }
                    return true;
                }
            }
        }
    }

    /** Server-Sent Events: {@code data: {chunk}} per piece of text, then {@code data: [DONE]}. */
    private boolean stream(GenerationRequest req, Job job, Reply reply) throws IOException, InterruptedException {
        String id = (req.chat() ? "chatcmpl-" : "cmpl-") + id();
        long created = created();
        String object = req.chat() ? "chat.completion.chunk" : "text_completion";
        List<Job.TokenLogprob> pending = req.topLogprobs() >= 0 ? new ArrayList<>() : null;
        int textOffset = 0;
        while (true) {
            Job.Event e = job.events.poll(heartbeatMillis, TimeUnit.MILLISECONDS);
            if (reply.committed() && reply.idleNanos() >= heartbeatMillis * 1_000_000) {
                reply.write(": keep-alive\n\n"); // an SSE comment: clients ignore it, a closed connection fails it
            }
            if (e == null) {
                stalled(job);
                continue;
            }
            switch (e) {
                case Job.Started s -> {
                    reply.open("text/event-stream; charset=utf-8");
                    if (req.chat()) { // OpenAI's first chunk carries the role
                        send(reply, chunk(id, object, created,
                                json.chatChoice(true, "assistant", "", null, -1, null), req));
                    }
                }
                case Job.Token t -> {
                    if (pending != null && t.logprob() != null) {
                        pending.add(t.logprob());
                    }
                    if (!t.text().isEmpty()) {
                        send(reply, chunk(id, object, created, req.chat()
                                ? json.chatChoice(true, null, t.text(), pending, req.topLogprobs(), null)
                                : json.textChoice(t.text(), pending, req.topLogprobs(), textOffset, null), req));
                        textOffset += t.text().length();
                        if (pending != null) {
                            pending = new ArrayList<>();
                        }
                    }
                }
                case Job.Finished f -> {
                    List<Job.TokenLogprob> rest = pending == null || pending.isEmpty() ? null : pending;
                    send(reply, chunk(id, object, created, req.chat()
                            ? json.chatChoice(true, null, null, rest, rest == null ? -1 : req.topLogprobs(), f.openAiReason())
                            : json.textChoice("", rest, rest == null ? -1 : req.topLogprobs(), textOffset, f.openAiReason()), req));
                    if (req.includeUsage()) {
                        ObjectNode u = json.envelope(id, object, created);
                        u.putArray("choices");
                        u.set("usage", OpenAiJson.usage(f.promptTokens(), f.completionTokens()));
                        send(reply, u);
                    }
                    reply.write("data: [DONE]\n\n");
                    return true;
                }
                case Job.Failed f -> {
                    if (reply.committed()) {
                        send(reply, OpenAiJson.error(f.error()));
                    } else {
                        reply.error(f.error());
                    }
                    return true;
                }
            }
        }
    }

    /**
     * The scheduler ends every job, at the latest by its time limit (checked between steps, and a step may take
     * long on a slow machine); only if its thread has died would a job wait forever, and then the client hears so.
     */
    private void stalled(Job job) {
        if (!scheduler.running()) {
            job.emit(new Job.Failed(ApiException.status(500, "server_error", "internal_error",
                    "the generation stopped: the scheduler is not running")));
        }
    }

    private ObjectNode chunk(String id, String object, long created, ObjectNode choice, GenerationRequest req) {
        ObjectNode c = json.envelope(id, object, created);
        c.putArray("choices").add(choice);
        if (req.includeUsage()) {
            c.putNull("usage");
        }
        return c;
    }

    private static void send(Reply reply, ObjectNode node) throws IOException {
        reply.write("data: " + Reply.toJson(node) + "\n\n");
    }

    private static String id() {
        return UUID.randomUUID().toString().replace("-", "");
    }

    private static long created() {
        return System.currentTimeMillis() / 1000;
    }
}
