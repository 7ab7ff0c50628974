package io.phi4j.server;

import io.phi4j.Model;
import io.phi4j.generate.GenerationOptions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** The scheduler on its own: queue expiry, cancellation while queued, token accounting. */
class SchedulerTest {
    private static Path file;
    private static Model model;

    @BeforeAll
    static void load() throws Exception {
        file = TestServer.copyModel();
        model = Model.load(file);
    }

    @AfterAll
    static void close() throws Exception {
        model.close();
        Files.deleteIfExists(file);
    }

    private static Job job(int maxTokens, long timeLimitMillis) {
        return new Job(model.tokenizer().encode("Once upon a time"),
                GenerationOptions.greedy(maxTokens).withStopAtEos(false), -1, System.nanoTime(),
                TimeUnit.MILLISECONDS.toNanos(timeLimitMillis));
    }

    /** Events until the job ends (Finished or Failed). */
    private static List<Job.Event> drain(Job j) throws InterruptedException {
        List<Job.Event> out = new ArrayList<>();
        while (true) {
            Job.Event e = j.events.poll(30, TimeUnit.SECONDS);
            assertThat(e).as("the job ends").isNotNull();
            out.add(e);
            if (e instanceof Job.Finished || e instanceof Job.Failed) {
                return out;
            }
        }
    }

    @Test
    void aJobWhoseTimeRunsOutInTheQueueGets503WithRetryAfter() throws Exception {
        Metrics metrics = new Metrics();
        try (Scheduler s = new Scheduler(model, 1, 512, 4, metrics)) {
            Job running = job(400, 60_000);
            s.submit(running);
            assertThat(running.events.poll(30, TimeUnit.SECONDS)).isInstanceOf(Job.Started.class);
            Job impatient = job(5, 50);
            s.submit(impatient);
            List<Job.Event> events = drain(impatient);
            assertThat(events).hasSize(1);
            ApiException e = ((Job.Failed) events.getFirst()).error();
            assertThat(e.status).isEqualTo(503);
            assertThat(e.code).isEqualTo("timeout");
            assertThat(e.retryAfter).isPositive();
            s.cancel(running);
        }
    }

    @Test
    void aJobCancelledWhileQueuedLeavesTheQueueAtOnce() throws Exception {
        Metrics metrics = new Metrics();
        try (Scheduler s = new Scheduler(model, 1, 512, 4, metrics)) {
            Job running = job(400, 60_000);
            s.submit(running);
            assertThat(running.events.poll(30, TimeUnit.SECONDS)).isInstanceOf(Job.Started.class);
            Job queued = job(5, 60_000);
            s.submit(queued);
            assertThat(metrics.render()).contains("phi4j_queue_depth 1");
            s.cancel(queued);
            assertThat(metrics.render()).contains("phi4j_queue_depth 0", "phi4j_generations_total{reason=\"client_disconnect\"} 1");
            s.cancel(running);
            assertThat(s.awaitIdle(java.time.Duration.ofSeconds(30))).isTrue();
            assertThat(queued.events).isEmpty();
        }
    }

    @Test
    void tokensArriveInOrderAndAddUpToTheUsage() throws Exception {
        Metrics metrics = new Metrics();
        try (Scheduler s = new Scheduler(model, 2, 512, 4, metrics)) {
            Job a = job(12, 60_000), b = job(7, 60_000);
            s.submit(a);
            s.submit(b);
            for (Job j : List.of(a, b)) {
                List<Job.Event> events = drain(j);
                assertThat(events.getFirst()).isInstanceOf(Job.Started.class);
                long tokens = events.stream().filter(e -> e instanceof Job.Token t && t.id() >= 0).count();
                Job.Finished f = (Job.Finished) events.getLast();
                assertThat(f.completionTokens()).isEqualTo((int) tokens).isEqualTo(j.options.maxTokens());
                assertThat(f.openAiReason()).isEqualTo("length");
                assertThat(f.promptTokens()).isEqualTo(j.prompt.length);
            }
            assertThat(metrics.completionTokens.sum()).isEqualTo(19);
        }
    }

    private static List<Integer> tokenIds(List<Job.Event> events) {
        return events.stream().filter(e -> e instanceof Job.Token t && t.id() >= 0).map(e -> ((Job.Token) e).id()).toList();
    }

    /**
     * Prompts longer than a step's prompt budget are spread over several steps, in the same passes as the other
     * sequences' decoding; every sequence still gets exactly the tokens it gets alone.
     */
    @Test
    void longPromptsShareStepsWithDecodingAndChangeNothing() throws Exception {
        StringBuilder text = new StringBuilder();
        for (int i = 0; text.length() < 4000; i++) {
            text.append("Line ").append(i).append(": the quick brown fox jumps over the lazy dog. ");
        }
        int[] all = model.tokenizer().encode(text.toString());
        assertThat(all.length).as("long enough for three steps").isGreaterThan(2 * Scheduler.PREFILL_CHUNK + 20);
        int[][] prompts = {model.tokenizer().encode("Once upon a time"),
                java.util.Arrays.copyOf(all, 2 * Scheduler.PREFILL_CHUNK + 20),
                java.util.Arrays.copyOfRange(all, 7, 7 + Scheduler.PREFILL_CHUNK + 3)};
        int[] maxTokens = {40, 8, 12};
        List<List<Integer>> alone = new ArrayList<>();
        for (int i = 0; i < prompts.length; i++) {
            try (Scheduler s = new Scheduler(model, 1, 1024, 4, new Metrics())) {
                Job j = new Job(prompts[i], GenerationOptions.greedy(maxTokens[i]).withStopAtEos(false), -1,
                        System.nanoTime(), TimeUnit.SECONDS.toNanos(60));
                s.submit(j);
                alone.add(tokenIds(drain(j)));
            }
        }
        Metrics metrics = new Metrics();
        try (Scheduler s = new Scheduler(model, 3, 1024, 4, metrics)) {
            List<Job> jobs = new ArrayList<>();
            for (int i = 0; i < prompts.length; i++) {
                Job j = new Job(prompts[i], GenerationOptions.greedy(maxTokens[i]).withStopAtEos(false), -1,
                        System.nanoTime(), TimeUnit.SECONDS.toNanos(60));
                jobs.add(j);
                s.submit(j);
            }
            for (int i = 0; i < prompts.length; i++) {
                assertThat(tokenIds(drain(jobs.get(i)))).as("sequence %d", i).hasSize(maxTokens[i])
                        .isEqualTo(alone.get(i));
            }
        }
        String m = metrics.render();
        double steps = metric(m, "phi4j_batch_size_count");
        double singles = metric(m, "phi4j_batch_size_bucket{le=\"1\"}");
        assertThat(steps - singles).as("steps that ran several sequences").isGreaterThan(5);
    }

    private static double metric(String rendered, String name) {
        return rendered.lines().filter(l -> l.startsWith(name + " ")).mapToDouble(l -> Double.parseDouble(l.substring(name.length() + 1)))
                .findFirst().orElseThrow(() -> new AssertionError("no metric " + name));
    }
}
