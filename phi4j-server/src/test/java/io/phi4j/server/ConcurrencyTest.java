package io.phi4j.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * 32 clients at once, each with its own prompt, seed, endpoint and streaming mode: every answer must equal what
 * the same request gets alone (batching must not change results), with nothing lost or mixed between streams.
 */
class ConcurrencyTest {
    private static final int CLIENTS = 32;
    private static final String[] WORDS = {"fox", "river", "castle", "robot", "garden", "winter", "ocean", "violin"};

    /** What one client sent and got back. */
    private record Outcome(String text, String finishReason, int completionTokens, String streamId) {
    }

    private static ObjectNode request(int i) {
        ObjectNode r = TestServer.MAPPER.createObjectNode();
        boolean chat = i % 2 == 1;
        String subject = WORDS[i % WORDS.length] + " number " + i;
        if (chat) {
            ObjectNode m = r.putArray("messages").addObject();
            m.put("role", "user");
            m.put("content", "Write about the " + subject + ".");
        } else {
            r.put("prompt", "The story of the " + subject + " begins");
        }
        r.put("max_tokens", 16 + (i * 7) % 33);
        r.put("seed", 1000 + i);
        // Most are greedy; every fourth samples (a seeded draw must be just as repeatable).
        r.put("temperature", i % 4 == 3 ? 0.8 : 0.0);
        r.put("ignore_eos", i % 3 == 0);
        r.put("stream", i % 5 < 2);
        if (i % 6 == 0) {
            r.put("frequency_penalty", 0.5);
        }
        return r;
    }

    private static Outcome send(TestServer ts, int i) throws Exception {
        ObjectNode req = request(i);
        boolean chat = req.has("messages");
        HttpResponse<String> r = ts.post(chat ? "/v1/chat/completions" : "/v1/completions", req.toString());
        assertThat(r.statusCode()).as("client %d: %s", i, r.body()).isEqualTo(200);
        if (!req.get("stream").asBoolean()) {
            JsonNode j = TestServer.json(r.body());
            String text = chat ? j.at("/choices/0/message/content").asText() : j.at("/choices/0/text").asText();
            return new Outcome(text, j.at("/choices/0/finish_reason").asText(), j.at("/usage/completion_tokens").asInt(), null);
        }
        StringBuilder text = new StringBuilder();
        String finish = null;
        Set<String> ids = new HashSet<>();
        for (JsonNode e : TestServer.events(r.body())) {
            ids.add(e.get("id").asText());
            JsonNode c = e.at("/choices/0");
            text.append(chat ? c.at("/delta/content").asText("") : c.at("/text").asText(""));
            if (!c.path("finish_reason").isNull() && !c.path("finish_reason").isMissingNode()) {
                assertThat(finish).as("one finish_reason per stream").isNull();
                finish = c.get("finish_reason").asText();
            }
        }
        assertThat(ids).as("client %d: every chunk of a stream carries its id", i).hasSize(1);
        return new Outcome(text.toString(), finish, -1, ids.iterator().next());
    }

    @ParameterizedTest(name = "parallel {0}")
    @ValueSource(ints = {8, 32})
    void concurrentAnswersEqualTheAnswersAlone(int parallel) throws Exception {
        try (TestServer ts = TestServer.start(TestServer.config().withParallel(parallel))) {
            List<Outcome> alone = new ArrayList<>();
            for (int i = 0; i < CLIENTS; i++) {
                alone.add(send(ts, i));
            }
            double stepsBefore = ts.metric("phi4j_batch_size_count");
            double singlesBefore = ts.metric("phi4j_batch_size_bucket{le=\"1\"}");
            assertThat(singlesBefore).as("alone, every step decodes one sequence").isEqualTo(stepsBefore);

            CountDownLatch gate = new CountDownLatch(1);
            List<Future<Outcome>> futures = new ArrayList<>();
            try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
                for (int i = 0; i < CLIENTS; i++) {
                    int id = i;
                    futures.add(pool.submit(() -> {
                        gate.await();
                        return send(ts, id);
                    }));
                }
                gate.countDown();
            }
            Set<String> streamIds = new HashSet<>();
            for (int i = 0; i < CLIENTS; i++) {
                Outcome together = futures.get(i).get();
                Outcome single = alone.get(i);
                assertThat(together.text()).as("client %d text", i).isEqualTo(single.text());
                assertThat(together.finishReason()).as("client %d finish_reason", i).isEqualTo(single.finishReason());
                assertThat(together.completionTokens()).isEqualTo(single.completionTokens());
                if (together.streamId() != null) {
                    assertThat(streamIds.add(together.streamId())).as("stream ids are unique").isTrue();
                }
            }
            assertThat(alone.stream().map(Outcome::text).distinct().count()).as("the prompts give different answers")
                    .isGreaterThan(CLIENTS / 2);
            double steps = ts.metric("phi4j_batch_size_count") - stepsBefore;
            double singles = ts.metric("phi4j_batch_size_bucket{le=\"1\"}") - singlesBefore;
            assertThat(steps - singles).as("steps that decoded several sequences at once").isGreaterThan(steps / 2);
            assertThat(ts.metric("phi4j_generations_total{reason=\"client_disconnect\"}")).isZero();
            assertThat(ts.metric("phi4j_active_sequences")).isZero();
        }
    }
}
