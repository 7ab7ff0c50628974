package io.phi4j.server;

import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.core.http.StreamResponse;
import com.openai.errors.BadRequestException;
import com.openai.errors.NotFoundException;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionChunk;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import com.openai.models.chat.completions.ChatCompletionStreamOptions;
import com.openai.models.chat.completions.ChatCompletionTokenLogprob;
import com.openai.models.completions.Completion;
import com.openai.models.completions.CompletionCreateParams;
import io.phi4j.generate.GenerationOptions;
import io.phi4j.generate.GenerationResult;
import io.phi4j.generate.Generator;
import io.phi4j.generate.TokenListener;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

/** The official OpenAI Java SDK against the real server, checked against the engine run directly. */
class OpenAiSdkTest {
    private static TestServer ts;
    private static OpenAIClient client;

    @BeforeAll
    static void start() throws Exception {
        ts = TestServer.start(TestServer.config());
        client = OpenAIOkHttpClient.builder().baseUrl(ts.baseUrl()).apiKey("unused").maxRetries(0)
                .timeout(Duration.ofSeconds(60)).build();
    }

    @AfterAll
    static void stop() throws Exception {
        client.close();
        ts.close();
    }

    /** What the engine itself generates for a prompt, with the options the server derives from a request. */
    private static GenerationResult engine(String prompt, int maxTokens, double temperature, long seed, List<String> stops) {
        GenerationOptions o = new GenerationOptions(maxTokens, temperature, 0, 1.0, 0, 1.0, 64, 0, 0, seed, stops, true);
        int[] ids = ts.model.tokenizer().encode(prompt);
        return new Generator(ts.model.tokenizer()).generate(ts.model.newSession(512), ids, o, TokenListener.NONE);
    }

    @Test
    void listsTheServedModel() {
        var models = client.models().list().data();
        assertThat(models).hasSize(1);
        assertThat(models.getFirst().id()).isEqualTo(TestServer.MODEL_ID);
        assertThat(client.models().retrieve(TestServer.MODEL_ID).ownedBy()).isEqualTo("phi4j");
    }

    @Test
    void chatCompletionIsTheEnginesAnswerToThePhi2InstructPrompt() {
        ChatCompletion c = client.chat().completions().create(ChatCompletionCreateParams.builder()
                .model(TestServer.MODEL_ID).addUserMessage("Say hello to the world.").maxCompletionTokens(12)
                .temperature(0.0).build());
        GenerationResult expected = engine("Instruct: Say hello to the world.\nOutput:", 12, 0, 0, List.of("\nInstruct:"));
        ChatCompletion.Choice choice = c.choices().getFirst();
        assertThat(choice.message().content()).contains(expected.text());
        assertThat(choice.finishReason().asString()).isEqualTo(expected.finishReason().name().equals("STOP") ? "stop" : "length");
        assertThat(c.usage().orElseThrow().promptTokens()).isEqualTo(expected.promptTokens());
        assertThat(c.usage().orElseThrow().completionTokens()).isEqualTo(expected.tokens().length);
        assertThat(c.usage().orElseThrow().totalTokens()).isEqualTo(expected.promptTokens() + expected.tokens().length);
        assertThat(c.model()).isEqualTo(TestServer.MODEL_ID);
        assertThat(c.id()).startsWith("chatcmpl-");
    }

    @ParameterizedTest
    @ValueSource(longs = {3, 99})
    void streamedChatWithUsageConcatenatesToTheBlockingAnswer(long seed) {
        ChatCompletionCreateParams params = ChatCompletionCreateParams.builder().model(TestServer.MODEL_ID)
                .addSystemMessage("You are terse.").addUserMessage("Tell me a story about a fox.")
                .maxCompletionTokens(24).temperature(0.9).seed(seed)
                .streamOptions(ChatCompletionStreamOptions.builder().includeUsage(true).build()).build();
        StringBuilder text = new StringBuilder();
        List<String> roles = new ArrayList<>();
        List<String> finish = new ArrayList<>();
        List<Long> usage = new ArrayList<>();
        List<String> ids = new ArrayList<>();
        try (StreamResponse<ChatCompletionChunk> s = client.chat().completions().createStreaming(params)) {
            s.stream().forEach(chunk -> {
                ids.add(chunk.id());
                chunk.usage().ifPresent(u -> usage.add(u.completionTokens()));
                for (ChatCompletionChunk.Choice ch : chunk.choices()) {
                    ch.delta().role().ifPresent(r -> roles.add(r.asString()));
                    ch.delta().content().ifPresent(text::append);
                    ch.finishReason().ifPresent(f -> finish.add(f.asString()));
                }
            });
        }
        ChatCompletion blocking = client.chat().completions().create(params.toBuilder().streamOptions(java.util.Optional.empty()).build());
        GenerationResult expected = engine("You are terse.\nInstruct: Tell me a story about a fox.\nOutput:", 24, 0.9, seed,
                List.of("\nInstruct:"));
        assertThat(text.toString()).isEqualTo(expected.text()).isEqualTo(blocking.choices().getFirst().message().content().orElseThrow());
        assertThat(roles).containsExactly("assistant");
        assertThat(finish).hasSize(1);
        assertThat(usage).containsExactly((long) expected.tokens().length);
        assertThat(ids).as("one id for the whole stream").allMatch(ids.getFirst()::equals);
    }

    @Test
    void textCompletionsBlockingAndStreamingMatchTheEngine() {
        CompletionCreateParams params = CompletionCreateParams.builder().model(TestServer.MODEL_ID)
                .prompt("Once upon a time").maxTokens(20).temperature(0.7).seed(1234).build();
        Completion c = client.completions().create(params);
        GenerationResult expected = engine("Once upon a time", 20, 0.7, 1234, List.of());
        assertThat(c.choices().getFirst().text()).isEqualTo(expected.text());
        assertThat(c.usage().orElseThrow().completionTokens()).isEqualTo(expected.tokens().length);

        StringBuilder streamed = new StringBuilder();
        try (StreamResponse<Completion> s = client.completions().createStreaming(params)) {
            s.stream().forEach(chunk -> chunk.choices().forEach(ch -> streamed.append(ch.text())));
        }
        assertThat(streamed.toString()).isEqualTo(expected.text());
    }

    @Test
    void aStopStringCutsTheTextAndEndsWithStop() {
        GenerationResult full = engine("The quick brown fox", 24, 0, 0, List.of());
        String text = full.text();
        assertThat(text.length()).isGreaterThan(6);
        String stop = text.substring(4, 6);
        String before = text.substring(0, text.indexOf(stop));
        Completion c = client.completions().create(CompletionCreateParams.builder().model(TestServer.MODEL_ID)
                .prompt("The quick brown fox").maxTokens(24).temperature(0.0).stop(stop).build());
        assertThat(c.choices().getFirst().text()).isEqualTo(before);
        assertThat(c.choices().getFirst().finishReason().asString()).isEqualTo("stop");
    }

    @Test
    void greedyLogprobsListTheChosenTokenFirstWithTheSameValue() {
        ChatCompletion c = client.chat().completions().create(ChatCompletionCreateParams.builder()
                .model(TestServer.MODEL_ID).addUserMessage("Count: one, two,").maxCompletionTokens(8)
                .temperature(0.0).logprobs(true).topLogprobs(3).build());
        List<ChatCompletionTokenLogprob> content = c.choices().getFirst().logprobs().orElseThrow().content().orElseThrow();
        assertThat(content).isNotEmpty();
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        for (ChatCompletionTokenLogprob t : content) {
            assertThat(t.topLogprobs()).hasSize(3);
            assertThat(t.topLogprobs().getFirst().token()).isEqualTo(t.token());
            assertThat(t.topLogprobs().getFirst().logprob()).isCloseTo(t.logprob(), within(1e-9));
            assertThat(t.logprob()).isLessThanOrEqualTo(0);
            assertThat(t.topLogprobs().get(1).logprob()).isLessThanOrEqualTo(t.topLogprobs().get(0).logprob());
            t.bytes().orElseThrow().forEach(b -> bytes.write(b.intValue()));
        }
        assertThat(bytes.toString(java.nio.charset.StandardCharsets.UTF_8)).as("the tokens' bytes spell the text")
                .isEqualTo(c.choices().getFirst().message().content().orElseThrow());
    }

    @Test
    void heartbeatSpacesBeforeAPlainJsonBodyDoNotBotherTheSdk() throws Exception {
        try (TestServer fast = TestServer.start(TestServer.config().withHeartbeat(Duration.ofMillis(1)))) {
            OpenAIClient c = OpenAIOkHttpClient.builder().baseUrl(fast.baseUrl()).apiKey("unused").maxRetries(0).build();
            ChatCompletion r = c.chat().completions().create(ChatCompletionCreateParams.builder()
                    .model(TestServer.MODEL_ID).addUserMessage("Go on.").maxCompletionTokens(60).temperature(0.0)
                    .putAdditionalBodyProperty("ignore_eos", com.openai.core.JsonValue.from(true)).build());
            assertThat(r.usage().orElseThrow().completionTokens()).isEqualTo(60);
            assertThat(r.choices().getFirst().message().content()).isPresent();
            c.close();
        }
    }

    @Test
    void errorsReachTheSdkAsTypedExceptions() {
        assertThatThrownBy(() -> client.chat().completions().create(ChatCompletionCreateParams.builder()
                .model(TestServer.MODEL_ID).addUserMessage("hi").maxCompletionTokens(100_000).build()))
                .isInstanceOfSatisfying(BadRequestException.class, e -> {
                    assertThat(e.code()).contains("context_length_exceeded");
                    assertThat(e.getMessage()).contains("maximum context length is 512 tokens");
                });
        assertThatThrownBy(() -> client.chat().completions().create(ChatCompletionCreateParams.builder()
                .model("gpt-4o").addUserMessage("hi").build()))
                .isInstanceOfSatisfying(NotFoundException.class, e -> assertThat(e.code()).contains("model_not_found"));
    }
}
