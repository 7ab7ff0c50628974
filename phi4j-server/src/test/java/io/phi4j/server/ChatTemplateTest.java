package io.phi4j.server;

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
        assertThat(ChatTemplate.PHI2_INSTRUCT.stops()).containsExactly("\nInstruct:");
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
    void badTemplatesAreOneLineErrors(@TempDir Path dir) throws Exception {
        assertThatThrownBy(() -> ChatTemplate.named("llama3")).isInstanceOf(PhiException.class)
                .hasMessage("unknown chat template 'llama3': use phi2-instruct, phi2-chat, chatml or the path of a JSON template file");
        Path noContent = dir.resolve("a.json");
        Files.writeString(noContent, "{\"user\": \"Q:\", \"assistant\": \"A: {content}\", \"generation_prompt\": \"A:\"}");
        assertThatThrownBy(() -> ChatTemplate.named(noContent.toString())).isInstanceOf(PhiException.class)
                .hasMessageContaining("the user pattern must contain {content}");
        Path broken = dir.resolve("b.json");
        Files.writeString(broken, "{\"user\": ");
        assertThatThrownBy(() -> ChatTemplate.named(broken.toString())).isInstanceOf(PhiException.class)
                .hasMessageContaining("not a valid JSON chat template").hasMessageNotContaining("\n");
        Path missing = dir.resolve("c.json");
        Files.writeString(missing, "{\"user\": \"{content}\", \"assistant\": \"{content}\"}");
        assertThatThrownBy(() -> ChatTemplate.named(missing.toString())).isInstanceOf(PhiException.class)
                .hasMessageContaining("'generation_prompt' is missing");
    }
}
