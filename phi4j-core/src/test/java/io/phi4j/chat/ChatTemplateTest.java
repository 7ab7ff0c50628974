package io.phi4j.chat;

import io.phi4j.PhiException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ChatTemplateTest {
    private static final List<ChatTemplate.Message> CONVERSATION = List.of(
            new ChatTemplate.Message("system", "Be brief."),
            new ChatTemplate.Message("user", "What is 2 + 2?"),
            new ChatTemplate.Message("assistant", " 4\n"),
            new ChatTemplate.Message("user", "And 3 + 3?"));

    @Test
    void phi2InstructFormat() {
        assertThat(ChatTemplate.named("phi2-instruct").render(CONVERSATION))
                .isEqualTo("Be brief.\nInstruct: What is 2 + 2?\nOutput: 4\nInstruct: And 3 + 3?\nOutput:");
        assertThat(ChatTemplate.named("qa")).isSameAs(ChatTemplate.PHI2_INSTRUCT);
        assertThat(ChatTemplate.PHI2_INSTRUCT.stops()).containsExactly("\nInstruct:", "\nOutput:");
    }

    @Test
    void phi2AliceBobFormat() {
        assertThat(ChatTemplate.named("phi2-chat").render(CONVERSATION))
                .isEqualTo("Be brief.\nAlice: What is 2 + 2?\nBob: 4\nAlice: And 3 + 3?\nBob:");
        assertThat(ChatTemplate.named("chat").stops()).containsExactly("\nAlice:", "\nBob:");
    }

    @Test
    void chatMlParsesSpecialTokens() {
        assertThat(ChatTemplate.named("ChatML").render(List.of(new ChatTemplate.Message("developer", "x"),
                new ChatTemplate.Message("user", "hi"))))
                .isEqualTo("<|im_start|>system\nx<|im_end|>\n<|im_start|>user\nhi<|im_end|>\n<|im_start|>assistant\n");
        assertThat(ChatTemplate.CHATML.parseSpecial()).isTrue();
    }

    @Test
    void aJsonFileDefinesACustomTemplate(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("t.json");
        Files.writeString(f, """
                {"user": "Q: {content}\\n", "assistant": "A: {content}\\n", "generation_prompt": "A:",
                 "stop": ["\\nQ:"], "parse_special": false}""");
        ChatTemplate t = ChatTemplate.named(f.toString());
        assertThat(t.render(CONVERSATION)).isEqualTo("Be brief.\nQ: What is 2 + 2?\nA: 4\nQ: And 3 + 3?\nA:");
        assertThat(t.stops()).containsExactly("\nQ:");
        assertThat(t.name()).isEqualTo("t.json");
    }

    @Test
    void theGenerationPromptDefaultsToTheAssistantLabelAndPhiChatPlaceholdersAreAccepted(@TempDir Path dir) throws Exception {
        // phi chat's first template files used {message} and {system}; they read the same as {content}.
        Path f = dir.resolve("legacy.json");
        Files.writeString(f, """
                {"system": "[{system}]\\n", "user": "Q: {message}\\n", "assistant": "A:{message}\\n", "stop": "\\nQ:",
                 "strip": false}""");
        ChatTemplate t = ChatTemplate.named(f.toString());
        assertThat(t.generationPrompt()).isEqualTo("A:");
        assertThat(t.stops()).containsExactly("\nQ:");
        assertThat(t.stripContent()).isFalse();
        assertThat(t.render(CONVERSATION)).isEqualTo("[Be brief.]\nQ: What is 2 + 2?\nA: 4\n\nQ: And 3 + 3?\nA:");
        assertThat(t.render(CONVERSATION.subList(0, 3), false)).isEqualTo("[Be brief.]\nQ: What is 2 + 2?\nA: 4\n\n");
    }

    @Test
    void rawConcatenatesTheMessagesAsWritten() {
        List<ChatTemplate.Message> ms = List.of(ChatTemplate.Message.user("def f(x):\n"),
                ChatTemplate.Message.assistant("    return x "), ChatTemplate.Message.user("\n"));
        assertThat(ChatTemplate.named("RAW").render(ms)).isEqualTo("def f(x):\n    return x \n");
        assertThat(ChatTemplate.RAW.stops()).isEmpty();
        assertThatThrownBy(() -> new ChatTemplate.Message("tool", "x")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void badTemplatesAreOneLineErrors(@TempDir Path dir) throws Exception {
        assertThatThrownBy(() -> ChatTemplate.named("llama3")).isInstanceOf(PhiException.class)
                .hasMessage("unknown chat template 'llama3': use phi2-instruct (qa), phi2-chat (chat), chatml, raw or the path of a JSON template file");
        Path noContent = dir.resolve("a.json");
        Files.writeString(noContent, "{\"user\": \"Q:\", \"assistant\": \"A: {content}\", \"generation_prompt\": \"A:\"}");
        assertThatThrownBy(() -> ChatTemplate.named(noContent.toString())).isInstanceOf(PhiException.class)
                .hasMessageContaining("the user pattern must contain {content}");
        Path broken = dir.resolve("b.json");
        Files.writeString(broken, "{\"user\": ");
        assertThatThrownBy(() -> ChatTemplate.named(broken.toString())).isInstanceOf(PhiException.class)
                .hasMessageContaining("not a valid JSON chat template").hasMessageNotContaining("\n");
        Path missing = dir.resolve("c.json");
        Files.writeString(missing, "{\"user\": \"{content}\"}");
        assertThatThrownBy(() -> ChatTemplate.named(missing.toString())).isInstanceOf(PhiException.class)
                .hasMessage(missing + ": chat template field 'assistant' is missing");
        Path badStop = dir.resolve("d.json");
        Files.writeString(badStop, "{\"user\": \"{content}\", \"assistant\": \"{content}\", \"stop\": [\"\"]}");
        assertThatThrownBy(() -> ChatTemplate.named(badStop.toString())).isInstanceOf(PhiException.class)
                .hasMessage(badStop + ": chat template field 'stop' must be a list of non-empty strings");
        Path badFlag = dir.resolve("e.json");
        Files.writeString(badFlag, "{\"user\": \"{content}\", \"assistant\": \"{content}\", \"strip\": \"yes\"}");
        assertThatThrownBy(() -> ChatTemplate.named(badFlag.toString())).isInstanceOf(PhiException.class)
                .hasMessage(badFlag + ": chat template field 'strip' must be true or false");
    }
}
