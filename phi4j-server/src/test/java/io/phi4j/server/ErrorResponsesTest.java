package io.phi4j.server;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;

/** Raw HTTP for every way a request can be wrong: always a 4xx with OpenAI's error JSON, never a 500. */
class ErrorResponsesTest {
    private static TestServer ts;

    @BeforeAll
    static void start() throws Exception {
        ts = TestServer.start(TestServer.config().withMaxBodyBytes(4096).withParallel(2));
    }

    @AfterAll
    static void stop() throws Exception {
        ts.close();
    }

    /** Asserts an OpenAI error object and returns its "error" member. */
    private static JsonNode error(HttpResponse<String> r, int status) throws Exception {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
        assertThat(r.headers().firstValue("Content-Type")).contains("application/json");
        JsonNode e = TestServer.json(r.body()).get("error");
        assertThat(e).as(r.body()).isNotNull();
        assertThat(e.get("message").asText()).isNotBlank().doesNotContain("\n");
        assertThat(e.has("type") && e.has("param") && e.has("code")).as("all of OpenAI's error fields").isTrue();
        return e;
    }

    @ParameterizedTest(name = "{0}: {1}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
            "/v1/completions      | {\"prompt\": \"x\",                                     | not valid JSON",
            "/v1/completions      | {\"prompt\": \"x\"} {}                                  | not valid JSON",
            "/v1/completions      | [1, 2]                                                  | must be a JSON object",
            "/v1/completions      | \"hello\"                                               | must be a JSON object",
            "/v1/completions      | {\"prompt\": \"x\", \"temperature\": \"hot\"}           | 'temperature' must be a number, got a string",
            "/v1/completions      | {\"prompt\": \"x\", \"temperature\": 2.5}               | 'temperature' must be between 0 and 2",
            "/v1/completions      | {\"prompt\": \"x\", \"max_tokens\": \"ten\"}            | 'max_tokens' must be an integer",
            "/v1/completions      | {\"prompt\": \"x\", \"max_tokens\": 1.5}                | 'max_tokens' must be an integer",
            "/v1/completions      | {\"prompt\": \"x\", \"max_tokens\": 0}                  | 'max_tokens' must be at least 1",
            "/v1/completions      | {\"prompt\": \"x\", \"top_p\": 1.5}                     | 'top_p' must be between 0 and 1",
            "/v1/completions      | {\"prompt\": \"x\", \"stream\": \"yes\"}                | 'stream' must be a boolean",
            "/v1/completions      | {\"prompt\": \"x\", \"stop\": 5}                        | 'stop' must be a string or an array of strings",
            "/v1/completions      | {\"prompt\": \"x\", \"stop\": [\"a\", 1]}               | 'stop' must be an array of strings",
            "/v1/completions      | {\"prompt\": \"x\", \"seed\": \"abc\"}                  | 'seed' must be a 64-bit integer",
            "/v1/completions      | {\"prompt\": \"x\", \"presence_penalty\": 3}            | 'presence_penalty' must be between -2 and 2",
            "/v1/completions      | {\"prompt\": \"x\", \"frequency_penalty\": [1]}         | 'frequency_penalty' must be a number",
            "/v1/completions      | {\"prompt\": \"x\", \"logprobs\": 6}                    | 'logprobs' must be between 0 and 5",
            "/v1/completions      | {\"prompt\": \"x\", \"n\": 2}                           | 'n' must be exactly 1",
            "/v1/completions      | {\"prompt\": \"x\", \"echo\": true}                     | 'echo' is not supported",
            "/v1/completions      | {\"prompt\": \"x\", \"stream_options\": {\"include_usage\": true}} | only allowed when 'stream' is true",
            "/v1/completions      | {\"prompt\": \"x\", \"stream\": true, \"stream_options\": 3} | 'stream_options' must be an object",
            "/v1/completions      | {\"prompt\": \"x\", \"model\": 7}                       | 'model' must be a string",
            "/v1/completions      | {\"prompt\": {\"text\": \"x\"}}                         | 'prompt' must be a string or an array of token ids",
            "/v1/completions      | {\"prompt\": [\"a\", \"b\"]}                            | only one prompt per request",
            "/v1/completions      | {\"prompt\": [1, -2]}                                   | token ids must be non-negative integers",
            "/v1/completions      | {\"prompt\": [1, 100000]}                               | outside the vocabulary",
            "/v1/completions      | {\"prompt\": \"\"}                                      | the prompt is empty",
            "/v1/completions      | {\"max_tokens\": 3}                                     | 'prompt' is required",
            "/v1/chat/completions | {\"messages\": \"hi\"}                                  | 'messages' must be a non-empty array",
            "/v1/chat/completions | {\"messages\": []}                                      | 'messages' must be a non-empty array",
            "/v1/chat/completions | {}                                                      | 'messages' is required",
            "/v1/chat/completions | {\"messages\": [\"hi\"]}                                | 'messages[0]' must be an object",
            "/v1/chat/completions | {\"messages\": [{\"content\": \"hi\"}]}                 | 'messages[0].role' must be a string",
            "/v1/chat/completions | {\"messages\": [{\"role\": \"wizard\", \"content\": \"hi\"}]} | must be system, developer, user or assistant",
            "/v1/chat/completions | {\"messages\": [{\"role\": \"user\", \"content\": 5}]}  | 'messages[0].content' must be a string or an array",
            "/v1/chat/completions | {\"messages\": [{\"role\": \"user\"}]}                 | 'messages[0].content' is required",
            "/v1/chat/completions | {\"messages\": [{\"role\": \"user\", \"content\": [{\"type\": \"image_url\"}]}]} | only text is supported",
            "/v1/chat/completions | {\"messages\": [{\"role\": \"user\", \"content\": \"hi\"}], \"logprobs\": 3} | 'logprobs' must be a boolean",
            "/v1/chat/completions | {\"messages\": [{\"role\": \"user\", \"content\": \"hi\"}], \"top_logprobs\": 2} | needs 'logprobs' set to true",
            "/v1/chat/completions | {\"messages\": [{\"role\": \"user\", \"content\": \"hi\"}], \"logprobs\": true, \"top_logprobs\": 50} | 'top_logprobs' must be between 0 and 20",
            "/v1/chat/completions | {\"messages\": [{\"role\": \"user\", \"content\": \"hi\"}], \"tools\": [{\"type\": \"function\"}]} | 'tools' is not supported",
            "/v1/chat/completions | {\"messages\": [{\"role\": \"user\", \"content\": \"hi\"}], \"response_format\": {\"type\": \"json_object\"}} | response_format",
            "/v1/chat/completions | {\"messages\": [{\"role\": \"user\", \"content\": \"hi\"}], \"max_completion_tokens\": -5} | 'max_completion_tokens' must be at least 1",
    })
    void badRequestsAre400WithAMessageNamingTheProblem(String path, String body, String message) throws Exception {
        JsonNode e = error(ts.post(path, body), 400);
        assertThat(e.get("type").asText()).isEqualTo("invalid_request_error");
        assertThat(e.get("message").asText()).contains(message);
    }

    @Test
    void anEmptyBodyIs400() throws Exception {
        assertThat(error(ts.post("/v1/chat/completions", ""), 400).get("message").asText()).contains("body is empty");
    }

    @Test
    void anUnknownModelIs404ModelNotFound() throws Exception {
        JsonNode e = error(ts.post("/v1/chat/completions",
                "{\"model\": \"gpt-4o\", \"messages\": [{\"role\": \"user\", \"content\": \"hi\"}]}"), 404);
        assertThat(e.get("code").asText()).isEqualTo("model_not_found");
        assertThat(e.get("message").asText()).contains("gpt-4o").contains(TestServer.MODEL_ID);
        assertThat(error(ts.get("/v1/models/gpt-4o"), 404).get("code").asText()).isEqualTo("model_not_found");
    }

    @Test
    void promptsBeyondTheContextAre400ContextLengthExceeded() throws Exception {
        String longPrompt = "the fox jumps over the dog ".repeat(120);
        JsonNode e = error(ts.post("/v1/completions", "{\"prompt\": \"" + longPrompt + "\"}"), 400);
        assertThat(e.get("code").asText()).isEqualTo("context_length_exceeded");
        assertThat(e.get("param").asText()).isEqualTo("prompt");
        assertThat(e.get("message").asText()).contains("maximum context length is 512 tokens");

        JsonNode chat = error(ts.post("/v1/chat/completions",
                "{\"messages\": [{\"role\": \"user\", \"content\": \"hi\"}], \"max_tokens\": 510}"), 400);
        assertThat(chat.get("code").asText()).isEqualTo("context_length_exceeded");
        assertThat(chat.get("message").asText()).contains("in the completion").contains("510");
    }

    @Test
    void bodiesOverTheLimitAre413WhetherOrNotTheLengthIsDeclared() throws Exception {
        String big = "{\"prompt\": \"" + "a".repeat(5000) + "\"}";
        assertThat(error(ts.post("/v1/completions", big), 413).get("message").asText()).contains("4096 bytes");
        HttpRequest chunked = HttpRequest.newBuilder(URI.create(ts.root() + "/v1/completions"))
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(big.getBytes())))
                .timeout(Duration.ofSeconds(30)).build();
        assertThat(error(ts.http.send(chunked, HttpResponse.BodyHandlers.ofString()), 413).get("code").asText())
                .isEqualTo("request_too_large");
    }

    @Test
    void unknownPathsAre404AndWrongMethods405() throws Exception {
        assertThat(error(ts.get("/v1/embeddings"), 404).get("message").asText()).contains("no such endpoint");
        assertThat(error(ts.get("/v1/chat/completions"), 405).get("message").asText()).contains("use POST");
        assertThat(error(ts.post("/v1/models", "{}"), 405).get("message").asText()).contains("use GET");
    }

    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3, 4, 5, 6, 7, 8})
    void randomlyMistypedFieldsNeverGiveA500(long seed) throws Exception {
        SplittableRandom rnd = new SplittableRandom(seed);
        String[] fields = {"model", "prompt", "messages", "max_tokens", "max_completion_tokens", "temperature", "top_p",
                "seed", "stop", "stream", "stream_options", "presence_penalty", "frequency_penalty", "logprobs",
                "top_logprobs", "n", "top_k", "min_p", "repeat_penalty", "ignore_eos", "user"};
        String[] values = {"null", "true", "-1", "0", "1", "3", "1e309", "-0.5", "2.5", "99999999999999999999", "\"\"",
                "\"x\"", "[]", "[1]", "[\"a\"]", "{}", "{\"include_usage\": true}",
                "[{\"role\": \"user\", \"content\": \"hi\"}]", "\"" + TestServer.MODEL_ID + "\""};
        for (int i = 0; i < 12; i++) {
            StringBuilder body = new StringBuilder("{");
            int n = 1 + rnd.nextInt(5);
            for (int f = 0; f < n; f++) {
                body.append(f == 0 ? "" : ", ").append('"').append(fields[rnd.nextInt(fields.length)]).append("\": ")
                        .append(values[rnd.nextInt(values.length)]);
            }
            body.append(rnd.nextBoolean() ? ", \"max_tokens\": 4}" : "}");
            String path = rnd.nextBoolean() ? "/v1/completions" : "/v1/chat/completions";
            HttpResponse<String> r = ts.post(path, body.toString());
            assertThat(r.statusCode()).as("%s %s -> %s", path, body, r.body()).isIn(200, 400, 404);
            if (r.statusCode() != 200) {
                error(r, r.statusCode());
            }
        }
    }
}
