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
}
