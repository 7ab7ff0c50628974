package io.phi4j.langchain4j;

import dev.langchain4j.agent.tool.ToolSpecification;
import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.data.message.ImageContent;
import dev.langchain4j.data.message.SystemMessage;
import dev.langchain4j.data.message.TextContent;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.exception.UnsupportedFeatureException;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.request.ChatRequestParameters;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.output.FinishReason;
import io.phi4j.Model;
import io.phi4j.PhiException;
import io.phi4j.chat.ChatTemplate;
import io.phi4j.generate.GenerationOptions;
import io.phi4j.generate.GenerationResult;
import io.phi4j.generate.Generator;
import io.phi4j.generate.TokenListener;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class Phi4jChatModelTest {
    @TempDir
    static Path dir;
    static Model model;

    static final List<ChatMessage> CONVERSATION = List.of(
            SystemMessage.from("Be brief."),
            UserMessage.from("What is 2 + 2?"),
            AiMessage.from("4"),
            UserMessage.from("And 3 + 3?"));

    @BeforeAll
    static void load() throws Exception {
        model = SmallModel.load(dir);
    }

    @AfterAll
    static void close() {
        model.close();
    }

    /** What phi4j's own Generator produces for the prompt, on a fresh session. */
    static GenerationResult reference(String prompt, GenerationOptions options) {
        return new Generator(model.tokenizer()).generate(model.newSession(0), model.tokenizer().encode(prompt),
                options, TokenListener.NONE);
    }

    static ChatRequest request(List<ChatMessage> messages, ChatRequestParameters parameters) {
        return ChatRequest.builder().messages(messages).parameters(parameters).build();
    }

    @Test
    void greedyReplyIsTheGeneratorsOutputForTheRenderedPrompt() {
        try (Phi4jChatModel chat = Phi4jChatModel.builder().model(model).temperature(0).maxTokens(12).build()) {
            ChatResponse r = chat.chat(CONVERSATION);
            String prompt = "Be brief.\nInstruct: What is 2 + 2?\nOutput: 4\nInstruct: And 3 + 3?\nOutput:";
            GenerationResult expected = reference(prompt,
                    GenerationOptions.greedy(12).withStop(List.of("\nInstruct:", "\nOutput:")));
            assertThat(r.aiMessage().text()).isEqualTo(expected.text().stripLeading()).isNotEmpty();
            assertThat(r.tokenUsage().inputTokenCount()).isEqualTo(model.tokenizer().encode(prompt).length);
            assertThat(r.tokenUsage().outputTokenCount()).isEqualTo(expected.tokens().length);
            assertThat(r.tokenUsage().totalTokenCount())
                    .isEqualTo(r.tokenUsage().inputTokenCount() + r.tokenUsage().outputTokenCount());
            assertThat(r.finishReason()).isEqualTo(expected.finishReason() == io.phi4j.generate.FinishReason.LENGTH
                    ? FinishReason.LENGTH : FinishReason.STOP);
            assertThat(r.modelName()).isEqualTo("small-phi2-Q8_0");
            // The same request again (its prompt now fully cached) gives the same reply.
            assertThat(chat.chat(CONVERSATION).aiMessage().text()).isEqualTo(r.aiMessage().text());
        }
    }

    @Test
    void maxOutputTokensEndsTheReplyWithFinishReasonLength() {
        try (Phi4jChatModel chat = Phi4jChatModel.builder().model(model).temperature(0).maxTokens(100).build()) {
            ChatResponse r = chat.chat(request(List.of(UserMessage.from("Count to ten.")),
                    ChatRequestParameters.builder().maxOutputTokens(5).build()));
            GenerationResult expected = reference("Instruct: Count to ten.\nOutput:",
                    GenerationOptions.greedy(5).withStop(ChatTemplate.PHI2_INSTRUCT.stops()));
            assertThat(expected.finishReason()).isEqualTo(io.phi4j.generate.FinishReason.LENGTH);
            assertThat(r.tokenUsage().outputTokenCount()).isEqualTo(5);
            assertThat(r.finishReason()).isEqualTo(FinishReason.LENGTH);
            assertThat(r.aiMessage().text()).isEqualTo(expected.text().stripLeading());
        }
    }

    @Test
    void aStopSequenceEndsTheReplyWithFinishReasonStop() {
        try (Phi4jChatModel chat = Phi4jChatModel.builder().model(model).temperature(0).maxTokens(24).build()) {
            List<ChatMessage> hello = List.of(UserMessage.from("hello"));
            String full = chat.chat(hello).aiMessage().text();
            assertThat(full.length()).isGreaterThan(8);
            String stop = full.substring(5, 7);
            ChatResponse cut = chat.chat(request(hello, ChatRequestParameters.builder().stopSequences(stop).build()));
            assertThat(cut.aiMessage().text()).isEqualTo(full.substring(0, full.indexOf(stop)));
            assertThat(cut.finishReason()).isEqualTo(FinishReason.STOP);
            // A builder stop works the same way.
            try (Phi4jChatModel stopping = Phi4jChatModel.builder().model(model).temperature(0).maxTokens(24)
                    .stop(List.of(stop)).build()) {
                assertThat(stopping.chat(hello).aiMessage().text()).isEqualTo(cut.aiMessage().text());
            }
        }
    }

    @Test
    void requestParametersOverrideTheBuilderSettingsAndTemplateStopsAlwaysApply() {
        GenerationOptions base = GenerationOptions.defaults().withTemperature(0.8).withTopP(0.9).withTopK(40)
                .withMaxTokens(64).withSeed(7).withStop(List.of("END"));
        ChatRequestParameters p = ChatRequestParameters.builder().temperature(0.25).topP(0.5).topK(3)
                .maxOutputTokens(9).stopSequences("X", "Y").presencePenalty(0.5).frequencyPenalty(-0.5).build();
        GenerationOptions o = RequestMapping.options(base, p, ChatTemplate.PHI2_CHAT);
        assertThat(o.temperature()).isEqualTo(0.25);
        assertThat(o.topP()).isEqualTo(0.5);
        assertThat(o.topK()).isEqualTo(3);
        assertThat(o.maxTokens()).isEqualTo(9);
        assertThat(o.presencePenalty()).isEqualTo(0.5);
        assertThat(o.frequencyPenalty()).isEqualTo(-0.5);
        assertThat(o.seed()).isEqualTo(7);
        assertThat(o.stop()).containsExactly("X", "Y", "\nAlice:", "\nBob:");
        // Nothing set in the request: the builder's settings, its stops plus the template's.
        GenerationOptions d = RequestMapping.options(base, ChatRequestParameters.builder().build(), ChatTemplate.PHI2_CHAT);
        assertThat(d).isEqualTo(base.withStop(List.of("END", "\nAlice:", "\nBob:")));
        assertThat(RequestMapping.options(base, null, ChatTemplate.RAW)).isEqualTo(base);
    }

    @Test
    void theBuilderSettingsAreTheDefaultRequestParameters() {
        try (Phi4jChatModel chat = Phi4jChatModel.builder().model(model).temperature(0.3).topP(0.7).topK(5)
                .maxTokens(17).stop(List.of("Z")).modelName("phi").build()) {
            ChatRequestParameters d = chat.defaultRequestParameters();
            assertThat(d.temperature()).isEqualTo(0.3);
            assertThat(d.topP()).isEqualTo(0.7);
            assertThat(d.topK()).isEqualTo(5);
            assertThat(d.maxOutputTokens()).isEqualTo(17);
            assertThat(d.stopSequences()).containsExactly("Z");
            assertThat(d.modelName()).isEqualTo("phi");
        }
    }

    @ParameterizedTest
    @ValueSource(longs = {1, 42, 20261126})
    void samplingWithASeedIsReproducibleAndMatchesTheGenerator(long seed) {
        try (Phi4jChatModel chat = Phi4jChatModel.builder().model(model).temperature(1.0).seed(seed).maxTokens(10)
                .chatTemplate("phi2-chat").build()) {
            List<ChatMessage> m = List.of(UserMessage.from("Tell me a story."));
            String a = chat.chat(m).aiMessage().text();
            assertThat(chat.chat(m).aiMessage().text()).isEqualTo(a);
            GenerationResult expected = reference("Alice: Tell me a story.\nBob:", GenerationOptions.defaults()
                    .withTemperature(1.0).withSeed(seed).withMaxTokens(10).withStop(ChatTemplate.PHI2_CHAT.stops()));
            assertThat(a).isEqualTo(expected.text().stripLeading());
        }
    }

    @Test
    void concurrentRequestsTakeTurnsAndGetTheirOwnReplies() throws Exception {
        try (Phi4jChatModel chat = Phi4jChatModel.builder().model(model).temperature(0).maxTokens(8).build()) {
            List<String> questions = List.of("one", "two plus two", "three cats", "four", "five dogs", "six");
            List<String> alone = new ArrayList<>();
            for (String q : questions) {
                alone.add(chat.chat(q));
            }
            try (ExecutorService pool = Executors.newFixedThreadPool(questions.size())) {
                List<Future<String>> futures = new ArrayList<>();
                for (String q : questions) {
                    futures.add(pool.submit((Callable<String>) () -> chat.chat(q)));
                }
                for (int i = 0; i < questions.size(); i++) {
                    assertThat(futures.get(i).get()).as(questions.get(i)).isEqualTo(alone.get(i));
                }
            }
            assertThat(alone).doesNotHaveDuplicates();
        }
    }

    @Test
    void aBadModelPathIsAOneLinePhiException() {
        Path missing = dir.resolve("no-such-model.gguf");
        assertThatThrownBy(() -> Phi4jChatModel.builder().modelPath(missing).build())
                .isInstanceOf(PhiException.class)
                .hasMessageContaining(missing.toString())
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
        assertThatThrownBy(() -> Phi4jStreamingChatModel.builder().modelPath(missing).build())
                .isInstanceOf(PhiException.class).hasMessageContaining(missing.toString());
        assertThatThrownBy(() -> Phi4jChatModel.builder().build()).isInstanceOf(PhiException.class)
                .hasMessage("give the chat model either modelPath(...) or model(...), not neither");
        assertThatThrownBy(() -> Phi4jChatModel.builder().model(model).modelPath(missing).build())
                .isInstanceOf(PhiException.class).hasMessageEndingWith("not both");
    }

    @Test
    void aModelLoadedFromAPathIsOwnedAndClosedWithTheChatModel() throws Exception {
        Path file = SmallModel.copy(dir);
        Phi4jChatModel chat = Phi4jChatModel.builder().modelPath(file).temperature(0).maxTokens(4).build();
        assertThat(chat.chat("hi")).isEqualTo(Phi4jChatModel.builder().model(model).temperature(0).maxTokens(4)
                .build().chat("hi"));
        chat.close();
        assertThatThrownBy(() -> chat.chat("hi")).isInstanceOf(IllegalStateException.class)
                .hasMessage("this phi4j chat model is closed");
    }

    @Test
    void toolsImagesAndOtherUnsupportedRequestsAreRefused() {
        try (Phi4jChatModel chat = Phi4jChatModel.builder().model(model).build()) {
            ToolSpecification tool = ToolSpecification.builder().name("clock").description("time").build();
            assertThatThrownBy(() -> chat.chat(request(List.of(UserMessage.from("hi")),
                    ChatRequestParameters.builder().toolSpecifications(tool).build())))
                    .isInstanceOf(UnsupportedFeatureException.class).hasMessage("phi4j: tools are not supported");
            assertThatThrownBy(() -> chat.chat(UserMessage.from(TextContent.from("look"),
                    ImageContent.from("https://example.com/x.png"))))
                    .isInstanceOf(UnsupportedFeatureException.class).hasMessageContaining("IMAGE content is not supported");
            assertThatThrownBy(() -> chat.chat(request(List.of(UserMessage.from("hi")),
                    ChatRequestParameters.builder().topP(0.0).build())))
                    .isInstanceOf(PhiException.class).hasMessage("top-p must be in (0, 1], got 0.0");
        }
    }
}
