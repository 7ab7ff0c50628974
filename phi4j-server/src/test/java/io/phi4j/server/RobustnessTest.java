package io.phi4j.server;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Limits, disconnects, API keys and shutdown, each against its own server. */
class RobustnessTest {
    /** A generation that runs for seconds on the small model (about 240 tokens/s here): 500 tokens, EOS ignored. */
    /** Long enough that no limit is reached by chance: the small test model decodes thousands of tokens a second. */
    private static final String LONG = "{\"prompt\": \"Once upon a time\", \"max_tokens\": 2000, \"ignore_eos\": true, \"temperature\": 0";

    private static String longRequest(boolean stream) {
        return LONG + (stream ? ", \"stream\": true}" : "}");
    }

    /** Sends a request over a raw socket and returns it with the response head read (status line and headers). */
    private static Socket rawRequest(TestServer ts, String body) throws Exception {
        Socket s = new Socket(ts.server.address().getAddress(), ts.server.address().getPort());
        byte[] b = body.getBytes(StandardCharsets.UTF_8);
        OutputStream out = s.getOutputStream();
        out.write(("POST /v1/completions HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nContent-Length: "
                + b.length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        out.write(b);
        out.flush();
        return s;
    }

    private static void awaitMetric(TestServer ts, String series, double value) throws Exception {
        long end = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (ts.metric(series) != value) {
            assertThat(System.nanoTime()).as("%s never reached %s", series, value).isLessThan(end);
            Thread.sleep(20);
        }
    }

    @Test
    void aClientThatLeavesMidStreamFreesItsSlot() throws Exception {
        try (TestServer ts = TestServer.start(TestServer.config().withContextSize(2048).withParallel(1))) {
            try (Socket s = rawRequest(ts, longRequest(true))) {
                BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8));
                assertThat(in.readLine()).isEqualTo("HTTP/1.1 200 OK");
                String line;
                while ((line = in.readLine()) != null && !line.startsWith("data: ")) {
                    // headers, chunk sizes
                }
                assertThat(line).startsWith("data: ");
            }
            awaitMetric(ts, "phi4j_generations_total{reason=\"client_disconnect\"}", 1);
            awaitMetric(ts, "phi4j_active_sequences", 0);
            assertThat(ts.metric("phi4j_completion_tokens_total")).as("cancelled long before its 500 tokens").isLessThan(400);
            // The single slot serves the next request.
            HttpResponse<String> r = ts.post("/v1/completions", "{\"prompt\": \"Hi\", \"max_tokens\": 3}");
            assertThat(r.statusCode()).isEqualTo(200);
        }
    }

    @Test
    void aClientThatLeavesWhileWaitingForAPlainJsonAnswerFreesItsSlot() throws Exception {
        try (TestServer ts = TestServer.start(TestServer.config().withContextSize(2048).withParallel(1))) {
            try (Socket s = rawRequest(ts, longRequest(false))) {
                awaitMetric(ts, "phi4j_active_sequences", 1);
                Thread.sleep(150);
            }
            // The heartbeat (a space before the JSON body, every 100 ms here) hits the closed connection.
            awaitMetric(ts, "phi4j_generations_total{reason=\"client_disconnect\"}", 1);
            awaitMetric(ts, "phi4j_active_sequences", 0);
            assertThat(ts.metric("phi4j_completion_tokens_total")).isLessThan(2000);
        }
    }

    @Test
    void aHeartbeatBeforeTheJsonBodyStillParses() throws Exception {
        try (TestServer ts = TestServer.start(TestServer.config().withContextSize(2048).withHeartbeat(Duration.ofMillis(5)))) {
            HttpResponse<String> r = ts.post("/v1/completions", "{\"prompt\": \"Hi\", \"max_tokens\": 60, \"ignore_eos\": true}");
            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(r.body()).startsWith(" ").as("heartbeat spaces were written");
            assertThat(TestServer.json(r.body()).at("/usage/completion_tokens").asInt()).isEqualTo(60);
        }
    }

    @Test
    void aFullQueueAnswers429WithRetryAfter() throws Exception {
        try (TestServer ts = TestServer.start(TestServer.config().withContextSize(2048).withParallel(1).withQueueLimit(1))) {
            try (Socket running = rawRequest(ts, longRequest(true))) {
                awaitMetric(ts, "phi4j_active_sequences", 1);
                CompletableFuture<HttpResponse<String>> queued = ts.http.sendAsync(
                        HttpRequest.newBuilder(URI.create(ts.root() + "/v1/completions"))
                                .POST(HttpRequest.BodyPublishers.ofString("{\"prompt\": \"Hi\", \"max_tokens\": 2}")).build(),
                        HttpResponse.BodyHandlers.ofString());
                awaitMetric(ts, "phi4j_queue_depth", 1);
                HttpResponse<String> rejected = ts.post("/v1/completions", "{\"prompt\": \"Hi\", \"max_tokens\": 2}");
                assertThat(rejected.statusCode()).isEqualTo(429);
                assertThat(rejected.headers().firstValue("Retry-After")).contains("1");
                JsonNode e = TestServer.json(rejected.body()).get("error");
                assertThat(e.get("type").asText()).isEqualTo("rate_limit_error");
                assertThat(e.get("message").asText()).contains("busy");
                running.close();
                assertThat(queued.get().statusCode()).as("the queued request is served once the slot frees").isEqualTo(200);
            }
        }
    }

    @Test
    void theTimeLimitEndsAGenerationWithFinishReasonLength() throws Exception {
        try (TestServer ts = TestServer.start(TestServer.config().withContextSize(2048).withRequestTimeout(Duration.ofMillis(400)))) {
            HttpResponse<String> r = ts.post("/v1/completions", longRequest(false));
            assertThat(r.statusCode()).isEqualTo(200);
            JsonNode j = TestServer.json(r.body());
            assertThat(j.at("/choices/0/finish_reason").asText()).isEqualTo("length");
            int tokens = j.at("/usage/completion_tokens").asInt();
            assertThat(tokens).isGreaterThan(0).isLessThan(2000);
            assertThat(ts.metric("phi4j_generations_total{reason=\"timeout\"}")).isEqualTo(1);

            List<JsonNode> events = TestServer.events(ts.post("/v1/completions", longRequest(true)).body());
            assertThat(events.getLast().at("/choices/0/finish_reason").asText()).isEqualTo("length");
        }
    }

    @Test
    void anApiKeyGuardsEveryV1EndpointButNotHealthOrMetrics() throws Exception {
        try (TestServer ts = TestServer.start(TestServer.config().withContextSize(2048).withApiKey("s3cret"))) {
            String chat = "{\"messages\": [{\"role\": \"user\", \"content\": \"hi\"}], \"max_tokens\": 2}";
            for (String[] h : new String[][]{{}, {"Authorization", "Bearer wrong"}, {"Authorization", "s3cret"}}) {
                for (HttpResponse<String> r : List.of(ts.get("/v1/models", h), ts.post("/v1/chat/completions", chat, h),
                        ts.post("/v1/completions", "{\"prompt\": \"x\"}", h), ts.get("/v1/models/" + TestServer.MODEL_ID, h))) {
                    assertThat(r.statusCode()).as(r.body()).isEqualTo(401);
                    assertThat(TestServer.json(r.body()).at("/error/code").asText()).isEqualTo("invalid_api_key");
                    assertThat(r.headers().firstValue("WWW-Authenticate")).contains("Bearer");
                }
            }
            assertThat(ts.get("/v1/models", "Authorization", "Bearer s3cret").statusCode()).isEqualTo(200);
            assertThat(ts.post("/v1/chat/completions", chat, "Authorization", "Bearer s3cret").statusCode()).isEqualTo(200);
            assertThat(ts.get("/health").statusCode()).isEqualTo(200);
            assertThat(ts.get("/metrics").statusCode()).isEqualTo(200);
        }
    }

    @Test
    void theServerListensOnLoopbackByDefault() throws Exception {
        try (TestServer ts = TestServer.start(TestServer.config().withContextSize(2048))) {
            assertThat(ts.server.address().getAddress().isLoopbackAddress()).isTrue();
            assertThat(ServerConfig.defaults("m").host()).isEqualTo("127.0.0.1");
        }
    }

    @Test
    void shutdownLetsRunningStreamsFinishAndRefusesNewWork() throws Exception {
        TestServer ts = TestServer.start(TestServer.config().withContextSize(2048).withParallel(1).withShutdownGrace(Duration.ofSeconds(20)));
        try {
            String body = "{\"prompt\": \"Once\", \"max_tokens\": 200, \"ignore_eos\": true, \"stream\": true}";
            CompletableFuture<HttpResponse<String>> running = ts.http.sendAsync(
                    HttpRequest.newBuilder(URI.create(ts.root() + "/v1/completions"))
                            .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
            awaitMetric(ts, "phi4j_active_sequences", 1);
            CompletableFuture<HttpResponse<String>> queued = ts.http.sendAsync(
                    HttpRequest.newBuilder(URI.create(ts.root() + "/v1/completions"))
                            .POST(HttpRequest.BodyPublishers.ofString("{\"prompt\": \"Hi\", \"max_tokens\": 2}")).build(),
                    HttpResponse.BodyHandlers.ofString());
            awaitMetric(ts, "phi4j_queue_depth", 1);
            ts.server.shutdown(Duration.ofSeconds(20));

            HttpResponse<String> q = queued.get();
            assertThat(q.statusCode()).isEqualTo(503);
            assertThat(TestServer.json(q.body()).at("/error/code").asText()).isEqualTo("server_shutting_down");
            List<JsonNode> events = TestServer.events(running.get().body());
            assertThat(events.getLast().at("/choices/0/finish_reason").asText()).isEqualTo("length");
            assertThat(events.stream().mapToInt(e -> e.at("/choices/0/text").asText().isEmpty() ? 0 : 1).sum()).isPositive();
            assertThatThrownBy(() -> ts.get("/health")).isInstanceOf(ConnectException.class);
        } finally {
            ts.close();
        }
    }

    @Test
    void shutdownCancelsStreamsThatOutliveTheGraceWithAnErrorEvent() throws Exception {
        TestServer ts = TestServer.start(TestServer.config().withContextSize(2048));
        try {
            CompletableFuture<HttpResponse<String>> running = ts.http.sendAsync(
                    HttpRequest.newBuilder(URI.create(ts.root() + "/v1/completions"))
                            .POST(HttpRequest.BodyPublishers.ofString(longRequest(true))).build(),
                    HttpResponse.BodyHandlers.ofString());
            awaitMetric(ts, "phi4j_active_sequences", 1);
            long t0 = System.nanoTime();
            ts.server.shutdown(Duration.ofMillis(300));
            assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(10));
            String sse = running.get().body();
            assertThat(sse).doesNotContain("[DONE]");
            String last = sse.strip().lines().reduce((a, b) -> b).orElseThrow();
            assertThat(TestServer.json(last.substring("data: ".length())).at("/error/code").asText())
                    .isEqualTo("server_shutting_down");
        } finally {
            ts.close();
        }
    }

    @Test
    void healthAndMetricsDescribeTheServer() throws Exception {
        try (TestServer ts = TestServer.start(TestServer.config().withContextSize(2048).withParallel(3))) {
            HttpResponse<String> h = ts.get("/health");
            assertThat(h.statusCode()).isEqualTo(200);
            assertThat(TestServer.json(h.body()).get("status").asText()).isEqualTo("ok");

            JsonNode r = TestServer.json(ts.post("/v1/completions",
                    "{\"prompt\": \"Hello\", \"max_tokens\": 7, \"ignore_eos\": true}").body());
            ts.post("/v1/completions", "{\"prompt\": 5}");
            HttpResponse<String> m = ts.get("/metrics");
            assertThat(m.headers().firstValue("Content-Type").orElseThrow()).startsWith("text/plain; version=0.0.4");
            assertThat(m.body()).contains("# TYPE phi4j_requests_total counter",
                    "phi4j_requests_total{endpoint=\"/v1/completions\",status=\"200\"} 1",
                    "phi4j_requests_total{endpoint=\"/v1/completions\",status=\"400\"} 1",
                    "# TYPE phi4j_batch_size histogram", "phi4j_decode_step_seconds_bucket{le=\"+Inf\"}",
                    "phi4j_time_to_first_token_seconds_count 1", "phi4j_request_duration_seconds_count",
                    "phi4j_slots 3", "phi4j_queue_depth 0");
            assertThat(ts.metric("phi4j_completion_tokens_total")).isEqualTo(r.at("/usage/completion_tokens").asInt());
            assertThat(ts.metric("phi4j_prompt_tokens_total")).isEqualTo(r.at("/usage/prompt_tokens").asInt());
            assertThat(ts.metric("phi4j_decode_steps_total")).as("7 tokens: 1 from the step that ran the prompt, 6 from decode steps").isEqualTo(7);
            for (String line : m.body().split("\n")) {
                assertThat(line).as("Prometheus text format").matches("# (HELP|TYPE) \\w+ .+|\\w+(\\{[^}]*\\})? [-+0-9.eE]+|\\w+(\\{[^}]*\\})? \\+Inf");
            }
        }
    }
}
