package io.phi4j.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.phi4j.PhiException;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Turns chat messages into one prompt. Phi-2 has no chat template of its own; its model card documents two
 * formats, {@code Instruct: …\nOutput:} and the {@code Alice: …\nBob:} dialogue, which are the built-ins here.
 * Each role's text is a pattern in which {@code {content}} stands for the message (trimmed); the prompt ends
 * with {@code generationPrompt}, and {@code stops} end the reply where the model would start the next turn.
 *
 * @param name             shown in logs and errors
 * @param system           pattern for a system message
 * @param user             pattern for a user message
 * @param assistant        pattern for an earlier assistant message
 * @param generationPrompt text after the last message, from which the model continues
 * @param stops            stop strings added to every chat request
 * @param parseSpecial     whether special tokens written in the prompt (e.g. {@code <|im_end|>}) become their ids
 */
public record ChatTemplate(String name, String system, String user, String assistant, String generationPrompt,
                           List<String> stops, boolean parseSpecial) {

    /** Phi-2's question/answer format: {@code Instruct: <prompt>\nOutput:}. */
    public static final ChatTemplate PHI2_INSTRUCT = new ChatTemplate("phi2-instruct",
            "{content}\n", "Instruct: {content}\n", "Output: {content}\n", "Output:", List.of("\nInstruct:"), false);

    /** Phi-2's chat format: {@code Alice: <message>\nBob:}. */
    public static final ChatTemplate PHI2_CHAT = new ChatTemplate("phi2-chat",
            "{content}\n", "Alice: {content}\n", "Bob: {content}\n", "Bob:", List.of("\nAlice:", "\nBob:"), false);

    /** ChatML, for Phi-2 fine-tunes trained on it (e.g. dolphin-2_6-phi-2). */
    public static final ChatTemplate CHATML = new ChatTemplate("chatml",
            "<|im_start|>system\n{content}<|im_end|>\n", "<|im_start|>user\n{content}<|im_end|>\n",
            "<|im_start|>assistant\n{content}<|im_end|>\n", "<|im_start|>assistant\n", List.of("<|im_end|>"), true);

    public ChatTemplate {
        stops = stops == null ? List.of() : List.copyOf(stops);
        for (String[] f : new String[][]{{"system", system}, {"user", user}, {"assistant", assistant}}) {
            if (f[1] == null || !f[1].contains("{content}")) {
                throw new PhiException("chat template " + name + ": the " + f[0] + " pattern must contain {content}");
            }
        }
        if (generationPrompt == null) {
            throw new PhiException("chat template " + name + ": generation_prompt is missing");
        }
    }

    /**
     * A built-in by name ({@code phi2-instruct} or {@code qa}, {@code phi2-chat} or {@code chat}, {@code chatml}) or
     * the path of a JSON file (see {@link #fromJson}).
     */
    public static ChatTemplate named(String nameOrFile) {
        switch (nameOrFile.toLowerCase(Locale.ROOT)) {
            case "phi2-instruct", "instruct", "qa":
                return PHI2_INSTRUCT;
            case "phi2-chat", "chat", "alice-bob":
                return PHI2_CHAT;
            case "chatml":
                return CHATML;
            default:
                break;
        }
        Path file = Path.of(nameOrFile);
        if (!Files.isRegularFile(file)) {
            throw new PhiException("unknown chat template '" + nameOrFile
                    + "': use phi2-instruct, phi2-chat, chatml or the path of a JSON template file");
        }
        return fromJson(file);
    }

    /**
     * Reads {@code {"system": "...", "user": "...", "assistant": "...", "generation_prompt": "...",
     * "stop": [...], "parse_special": false}}.
     */
    static ChatTemplate fromJson(Path file) {
        JsonNode n;
        try {
            n = new ObjectMapper().readTree(file.toFile());
        } catch (IOException e) {
            throw new PhiException(file + ": not a valid JSON chat template (" + firstLine(e.getMessage()) + ")");
        }
        if (n == null || !n.isObject()) {
            throw new PhiException(file + ": a chat template must be a JSON object");
        }
        List<String> stops = new ArrayList<>();
        JsonNode s = n.path("stop");
        if (s.isArray()) {
            s.forEach(x -> stops.add(x.asText()));
        } else if (s.isTextual()) {
            stops.add(s.asText());
        }
        return new ChatTemplate(file.getFileName().toString(), text(n, "system", "{content}\n", file),
                text(n, "user", null, file), text(n, "assistant", null, file),
                text(n, "generation_prompt", null, file), stops, n.path("parse_special").asBoolean(false));
    }

    private static String text(JsonNode n, String field, String fallback, Path file) {
        JsonNode v = n.get(field);
        if (v == null || v.isNull()) {
            if (fallback != null) {
                return fallback;
            }
            throw new PhiException(file + ": chat template field '" + field + "' is missing");
        }
        if (!v.isTextual()) {
            throw new PhiException(file + ": chat template field '" + field + "' must be a string");
        }
        return v.asText();
    }

    private static String firstLine(String s) {
        return s == null ? "" : s.lines().findFirst().orElse("");
    }

    /** One chat message: role is system, developer (treated as system), user or assistant. */
    public record Message(String role, String content) {
    }

    public String render(List<Message> messages) {
        StringBuilder sb = new StringBuilder();
        for (Message m : messages) {
            String pattern = switch (m.role()) {
                case "system", "developer" -> system;
                case "user" -> user;
                case "assistant" -> assistant;
                default -> throw new IllegalArgumentException("role " + m.role());
            };
            // replace(), not replaceAll(): the message text is never a pattern.
            sb.append(pattern.replace("{content}", m.content().strip()));
        }
        sb.append(generationPrompt);
        return sb.toString();
    }
}
