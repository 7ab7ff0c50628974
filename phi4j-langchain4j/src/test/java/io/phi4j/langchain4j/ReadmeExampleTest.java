package io.phi4j.langchain4j;

import dev.langchain4j.data.message.SystemMessage;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.request.ChatRequestParameters;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.chat.response.StreamingChatResponseHandler;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The README's LangChain4j example, compiled and run on the small model; a second test checks that the README
 * still shows exactly this code (with the model path spelled out).
 */
class ReadmeExampleTest {
    @TempDir
    Path dir;

    @Test
    void theExampleRuns() throws Exception {
        Path modelFile = SmallModel.copy(dir);
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        PrintStream stdout = System.out;
        System.setOut(new PrintStream(printed, true, StandardCharsets.UTF_8));
        try {
            // README:begin
            try (Phi4jChatModel model = Phi4jChatModel.builder().modelPath(modelFile)
                    .chatTemplate("phi2-instruct").temperature(0).maxTokens(64).build()) {
                String answer = model.chat("Name a prime number.");
                System.out.println(answer);
                ChatResponse r = model.chat(ChatRequest.builder()
                        .messages(SystemMessage.from("Be brief."), UserMessage.from("Why is the sky blue?"))
                        .parameters(ChatRequestParameters.builder().maxOutputTokens(16).stopSequences("\n\n").build())
                        .build());
                System.out.println(r.aiMessage().text() + " [" + r.tokenUsage().outputTokenCount() + " tokens, "
                        + r.finishReason() + "]");
            }

            Phi4jStreamingChatModel streaming = Phi4jStreamingChatModel.builder().modelPath(modelFile).build();
            CompletableFuture<ChatResponse> done = new CompletableFuture<>();
            streaming.chat("Tell me about foxes.", new StreamingChatResponseHandler() {
                @Override
                public void onPartialResponse(String text) {
                    System.out.print(text);
                }

                @Override
                public void onCompleteResponse(ChatResponse response) {
                    done.complete(response);
                }

                @Override
                public void onError(Throwable error) {
                    done.completeExceptionally(error);
                }
            });
            ChatResponse streamed = done.join();
            streaming.close();
            // README:end
            // The same requests again, outside the example: greedy, and sampling with the default seed, repeat.
            String expected;
            try (Phi4jChatModel again = Phi4jChatModel.builder().modelPath(modelFile).temperature(0).maxTokens(64).build();
                 Phi4jChatModel sampled = Phi4jChatModel.builder().modelPath(modelFile).build()) {
                ChatResponse r = again.chat(ChatRequest.builder()
                        .messages(SystemMessage.from("Be brief."), UserMessage.from("Why is the sky blue?"))
                        .parameters(ChatRequestParameters.builder().maxOutputTokens(16).stopSequences("\n\n").build())
                        .build());
                assertThat(r.tokenUsage().outputTokenCount()).isBetween(1, 16);
                String nl = System.lineSeparator();
                expected = again.chat("Name a prime number.") + nl + r.aiMessage().text() + " ["
                        + r.tokenUsage().outputTokenCount() + " tokens, " + r.finishReason() + "]" + nl
                        + sampled.chat("Tell me about foxes.");
            }
            assertThat(printed.toString(StandardCharsets.UTF_8)).isEqualTo(expected);
            assertThat(streamed.aiMessage().text()).isNotEmpty();
        } finally {
            System.setOut(stdout);
        }
    }

    @Test
    void theReadmeShowsThisExample() throws Exception {
        Path source = Path.of("src/test/java/io/phi4j/langchain4j/ReadmeExampleTest.java");
        List<String> lines = Files.readAllLines(source);
        int begin = lines.indexOf("            // README:begin");
        int end = lines.indexOf("            // README:end");
        assertThat(begin).isPositive();
        String example = String.join("\n", lines.subList(begin + 1, end).stream()
                .map(l -> l.length() >= 12 ? l.substring(12) : l.strip()).toList())
                .replace("modelPath(modelFile)", "modelPath(Path.of(\"phi-2.Q4_0.gguf\"))");
        Path readme = Path.of(System.getProperty("phi4j.root", ".."), "README.md");
        assertThat(Files.readString(readme)).contains("```java\n" + example + "\n```");
    }
}
