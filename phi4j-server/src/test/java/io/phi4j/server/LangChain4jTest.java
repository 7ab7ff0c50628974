package io.phi4j.server;

import dev.langchain4j.data.message.SystemMessage;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.chat.response.StreamingChatResponseHandler;
import dev.langchain4j.model.openai.OpenAiChatModel;
import dev.langchain4j.model.openai.OpenAiStreamingChatModel;
import dev.langchain4j.model.output.FinishReason;
import io.phi4j.chat.ChatTemplate;
import io.phi4j.generate.GenerationOptions;
import io.phi4j.generate.GenerationResult;
import io.phi4j.generate.Generator;
import io.phi4j.generate.TokenListener;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** LangChain4j's OpenAI client (blocking and streaming) against the real server. */
class LangChain4jTest {
    private static TestServer ts;

    @BeforeAll
    static void start() throws Exception {
        ts = TestServer.start(TestServer.config().withChatTemplate(ChatTemplate.PHI2_CHAT));
    }

    @AfterAll
    static void stop() throws Exception {
        ts.close();
    }

    private static GenerationResult engine(String prompt, int maxTokens) {
        GenerationOptions o = GenerationOptions.greedy(maxTokens).withTopK(0).withTopP(1).withMinP(0)
                .withStop(ChatTemplate.PHI2_CHAT.stops());
        return new Generator(ts.model.tokenizer()).generate(ts.model.newSession(512),
                ts.model.tokenizer().encode(prompt), o, TokenListener.NONE);
    }

    @Test
    void blockingChatGetsTheEnginesAliceBobAnswer() {
        OpenAiChatModel model = OpenAiChatModel.builder().baseUrl(ts.baseUrl()).apiKey("unused")
                .modelName(TestServer.MODEL_ID).temperature(0.0).maxTokens(16).timeout(Duration.ofSeconds(60))
                .maxRetries(0).build();
        ChatResponse r = model.chat(ChatRequest.builder()
                .messages(SystemMessage.from("A friendly chat."), UserMessage.from("How are you today?")).build());
        GenerationResult expected = engine("A friendly chat.\nAlice: How are you today?\nBob:", 16);
        assertThat(expected.text()).isNotBlank();
        assertThat(r.aiMessage().text()).isEqualTo(expected.text());
        assertThat(r.tokenUsage().inputTokenCount()).isEqualTo(expected.promptTokens());
        assertThat(r.tokenUsage().outputTokenCount()).isEqualTo(expected.tokens().length);
        assertThat(r.finishReason()).isEqualTo(expected.finishReason() == io.phi4j.generate.FinishReason.STOP
                ? FinishReason.STOP : FinishReason.LENGTH);
        assertThat(model.chat("How are you today?")).isEqualTo(engine("Alice: How are you today?\nBob:", 16).text());
    }

    @Test
    void streamingChatDeliversThePiecesOfTheSameAnswer() throws Exception {
        OpenAiStreamingChatModel model = OpenAiStreamingChatModel.builder().baseUrl(ts.baseUrl()).apiKey("unused")
                .modelName(TestServer.MODEL_ID).temperature(0.0).maxTokens(20).timeout(Duration.ofSeconds(60)).build();
        StringBuilder partial = new StringBuilder();
        CompletableFuture<ChatResponse> done = new CompletableFuture<>();
        model.chat(List.of(UserMessage.from("Tell me about foxes.")), new StreamingChatResponseHandler() {
            @Override
            public void onPartialResponse(String s) {
                partial.append(s);
            }

            @Override
            public void onCompleteResponse(ChatResponse r) {
                done.complete(r);
            }

            @Override
            public void onError(Throwable t) {
                done.completeExceptionally(t);
            }
        });
        ChatResponse r = done.get(60, TimeUnit.SECONDS);
        GenerationResult expected = engine("Alice: Tell me about foxes.\nBob:", 20);
        assertThat(expected.text()).isNotBlank();
        assertThat(partial.toString()).isEqualTo(expected.text());
        assertThat(r.aiMessage().text()).isEqualTo(expected.text());
        assertThat(r.tokenUsage().outputTokenCount()).as("stream_options.include_usage").isEqualTo(expected.tokens().length);
    }
}
