package io.phi4j.langchain4j;

import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.request.ChatRequestParameters;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.chat.response.PartialResponse;
import dev.langchain4j.model.chat.response.PartialResponseContext;
import dev.langchain4j.model.chat.response.StreamingChatResponseHandler;
import dev.langchain4j.model.output.FinishReason;
import io.phi4j.Model;
import io.phi4j.PhiException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

class Phi4jStreamingChatModelTest {
    @TempDir
    static Path dir;
    static Model model;

    @BeforeAll
    static void load() throws Exception {
        model = SmallModel.load(dir);
    }

    @AfterAll
    static void close() {
        model.close();
    }

    /** Records the callbacks; {@code cancelAfter} partial responses, it cancels through the streaming handle. */
    static final class Recorder implements StreamingChatResponseHandler {
        final List<String> partials = new CopyOnWriteArrayList<>();
        final List<String> threads = new CopyOnWriteArrayList<>();
        final CompletableFuture<ChatResponse> done = new CompletableFuture<>();
        final int cancelAfter;

        Recorder(int cancelAfter) {
            this.cancelAfter = cancelAfter;
        }

        @Override
        public void onPartialResponse(PartialResponse partial, PartialResponseContext context) {
            partials.add(partial.text());
            threads.add(Thread.currentThread().getName());
            if (partials.size() == cancelAfter) {
                context.streamingHandle().cancel();
            }
        }

        @Override
        public void onCompleteResponse(ChatResponse response) {
            done.complete(response);
        }

        @Override
        public void onError(Throwable error) {
            done.completeExceptionally(error);
        }
    }

    @Test
    void partialResponsesAddUpToTheCompleteResponseWhichEqualsTheBlockingOne() throws Exception {
        List<ChatMessage> m = List.of(UserMessage.from("Write a poem about the sea."));
        String blocking;
        try (Phi4jChatModel chat = Phi4jChatModel.builder().model(model).temperature(0).maxTokens(20).build()) {
            blocking = chat.chat(m).aiMessage().text();
        }
        try (Phi4jStreamingChatModel streaming = Phi4jStreamingChatModel.builder().model(model).temperature(0)
                .maxTokens(20).build()) {
            Recorder rec = new Recorder(-1);
            streaming.chat(m, rec);
            ChatResponse r = rec.done.get(60, TimeUnit.SECONDS);
            assertThat(rec.partials).hasSizeGreaterThan(1).allSatisfy(p -> assertThat(p).isNotEmpty());
            assertThat(String.join("", rec.partials)).isEqualTo(r.aiMessage().text()).isEqualTo(blocking);
            assertThat(rec.threads).allSatisfy(t -> assertThat(t).isEqualTo("phi4j-langchain4j-stream"));
            assertThat(r.tokenUsage().outputTokenCount()).isEqualTo(20);
            assertThat(r.finishReason()).isEqualTo(FinishReason.LENGTH);
            assertThat(r.tokenUsage().inputTokenCount())
                    .isEqualTo(model.tokenizer().encode("Instruct: Write a poem about the sea.\nOutput:").length);
        }
    }

    @Test
    void cancellingThroughTheHandleStopsTheGenerationAndTheModelStaysUsable() throws Exception {
        try (Phi4jStreamingChatModel streaming = Phi4jStreamingChatModel.builder().model(model).temperature(0)
                .maxTokens(400).contextSize(512).build()) {
            Recorder cancelled = new Recorder(2);
            streaming.chat("Tell me everything.", cancelled);
            // No callback after cancel(): the future never completes, and generation stops at once.
            assertThat(cancelled.done).failsWithin(2, TimeUnit.SECONDS)
                    .withThrowableOfType(java.util.concurrent.TimeoutException.class);
            assertThat(cancelled.partials).hasSize(2);

            Recorder next = new Recorder(-1);
            streaming.chat(ChatRequest.builder().messages(UserMessage.from("Short one."))
                    .parameters(ChatRequestParameters.builder().maxOutputTokens(3).build()).build(), next);
            assertThat(next.done.get(60, TimeUnit.SECONDS).tokenUsage().outputTokenCount()).isEqualTo(3);
        }
    }

    @Test
    void errorsArriveAtOnError() throws Exception {
        try (Phi4jStreamingChatModel streaming = Phi4jStreamingChatModel.builder().model(model).contextSize(64).build()) {
            Recorder rec = new Recorder(-1);
            streaming.chat("word ".repeat(100), rec);
            assertThat(rec.done).failsWithin(60, TimeUnit.SECONDS)
                    .withThrowableThat().havingCause().isInstanceOf(PhiException.class)
                    .withMessageContaining("but the context holds 64");
            assertThat(rec.partials).isEmpty();
        }
    }

    @Test
    void anExceptionInTheHandlerEndsTheStreamAtOnError() throws Exception {
        try (Phi4jStreamingChatModel streaming = Phi4jStreamingChatModel.builder().model(model).temperature(0)
                .maxTokens(50).build()) {
            CompletableFuture<Throwable> error = new CompletableFuture<>();
            List<String> partials = new CopyOnWriteArrayList<>();
            streaming.chat("hello", new StreamingChatResponseHandler() {
                @Override
                public void onPartialResponse(String text) {
                    partials.add(text);
                    throw new IllegalStateException("handler broke");
                }

                @Override
                public void onCompleteResponse(ChatResponse response) {
                    error.complete(null);
                }

                @Override
                public void onError(Throwable e) {
                    error.complete(e);
                }
            });
            assertThat(error.get(60, TimeUnit.SECONDS)).isInstanceOf(IllegalStateException.class).hasMessage("handler broke");
            assertThat(partials).hasSize(1);
        }
    }
}
