package io.phi4j.chat;

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
 * Turns chat messages into one prompt; shared by {@code phi chat}, {@code phi serve} and the LangChain4j models.
 * Phi-2 has no chat template of its own; its model card documents two formats, {@code Instruct: …\nOutput:} and
 * the {@code Alice: …\nBob:} dialogue, which are the built-ins here, beside ChatML (for fine-tunes trained on it)
 * and {@code raw} (plain continuation). Each role's text is a pattern in which {@code {content}} stands for the
 * message; the prompt ends with {@code generationPrompt}, and {@code stops} end the reply where the model would
 * start the next turn.
 *
 * @param name             shown in logs and errors
 * @param system           pattern for a system message
 * @param user             pattern for a user message
 * @param assistant        pattern for an earlier assistant message
 * @param generationPrompt text after the last message, from which the model continues
 * @param stops            stop strings added to every chat request
 * @param parseSpecial     whether special tokens written in the prompt (e.g. {@code <|im_end|>}) become their ids
 * @param stripContent     whether a message is trimmed before it goes into its pattern: label formats
 *                         ({@code "Output: {content}"}) put their own spacing around the text, while {@code raw}
 *                         must keep the text exactly as written
 */
public record ChatTemplate(String name, String system, String user, String assistant, String generationPrompt,
                           List<String> stops, boolean parseSpecial, boolean stripContent) {

    /** The placeholder for a message's text in a pattern. */
    public static final String CONTENT = "{content}";

    /** Phi-2's question/answer format: {@code Instruct: <prompt>\nOutput:}. */
    public static final ChatTemplate PHI2_INSTRUCT = new ChatTemplate("phi2-instruct", "{content}\n",
            "Instruct: {content}\n", "Output: {content}\n", "Output:", List.of("\nInstruct:", "\nOutput:"), false, true);

    /** Phi-2's chat format: {@code Alice: <message>\nBob:}. */
    public static final ChatTemplate PHI2_CHAT = new ChatTemplate("phi2-chat", "{content}\n",
            "Alice: {content}\n", "Bob: {content}\n", "Bob:", List.of("\nAlice:", "\nBob:"), false, true);

    /** ChatML, for Phi-2 fine-tunes trained on it (e.g. dolphin-2_6-phi-2). */
    public static final ChatTemplate CHATML = new ChatTemplate("chatml",
            "<|im_start|>system\n{content}<|im_end|>\n", "<|im_start|>user\n{content}<|im_end|>\n",
            "<|im_start|>assistant\n{content}<|im_end|>\n", "<|im_start|>assistant\n", List.of("<|im_end|>"), true, true);

    /** No format at all: the messages are concatenated as written and the model continues the text. */
    public static final ChatTemplate RAW = new ChatTemplate("raw", CONTENT, CONTENT, CONTENT, "", List.of(), false, false);

    public ChatTemplate {
        stops = stops == null ? List.of() : List.copyOf(stops);
        for (String[] f : new String[][]{{"system", system}, {"user", user}, {"assistant", assistant}}) {
            if (f[1] == null || !f[1].contains(CONTENT)) {
                throw new PhiException("chat template " + name + ": the " + f[0] + " pattern must contain " + CONTENT);
            }
        }
        if (generationPrompt == null) {
            throw new PhiException("chat template " + name + ": generation_prompt is missing");
        }
        for (String s : stops) {
            if (s == null || s.isEmpty()) {
                throw new PhiException("chat template " + name + ": a stop string must not be empty");
            }
        }
    }

    /**
     * A built-in by name ({@code phi2-instruct} or {@code qa}, {@code phi2-chat} or {@code chat}, {@code chatml},
     * {@code raw}) or the path of a JSON file (see {@link #fromJson}).
     */
    public static ChatTemplate named(String nameOrFile) {
        switch (nameOrFile.toLowerCase(Locale.ROOT)) {
            case "phi2-instruct", "instruct", "qa":
                return PHI2_INSTRUCT;
            case "phi2-chat", "chat", "alice-bob":
                return PHI2_CHAT;
            case "chatml":
                return CHATML;
            case "raw":
                return RAW;
            default:
                break;
        }
        Path file = Path.of(nameOrFile);
        if (!Files.isRegularFile(file)) {
            throw new PhiException("unknown chat template '" + nameOrFile
                    + "': use phi2-instruct (qa), phi2-chat (chat), chatml, raw or the path of a JSON template file");
        }
        return fromJson(file);
    }

    /**
     * Reads {@code {"system": "...", "user": "...", "assistant": "...", "generation_prompt": "...",
     * "stop": [...], "parse_special": false, "strip": true}}. Only "user" and "assistant" are required;
     * "generation_prompt" defaults to the assistant pattern's text before {@code {content}}. The placeholders
     * {@code {message}} (user, assistant) and {@code {system}} (system) of {@code phi chat}'s first template
     * files are accepted as {@code {content}}.
     */
    public static ChatTemplate fromJson(Path file) {
        JsonNode n;
        try {
            n = new ObjectMapper().readTree(file.toFile());
        } catch (IOException e) {
            throw new PhiException(file + ": not a valid JSON chat template (" + firstLine(e.getMessage()) + ")");
        }
        if (n == null || !n.isObject()) {
            throw new PhiException(file + ": a chat template must be a JSON object");
        }
        String user = legacy(text(n, "user", null, file), "{message}");
        String assistant = legacy(text(n, "assistant", null, file), "{message}");
        String system = legacy(text(n, "system", CONTENT + "\n", file), "{system}");
        String generationPrompt = n.has("generation_prompt") && !n.get("generation_prompt").isNull()
                ? text(n, "generation_prompt", null, file)
                : assistant.contains(CONTENT) ? assistant.substring(0, assistant.indexOf(CONTENT)) : "";
        List<String> stops = new ArrayList<>();
        JsonNode s = n.path("stop");
        if (s.isTextual()) {
            stops.add(s.asText());
        } else if (s.isArray()) {
            for (JsonNode x : s) {
                if (!x.isTextual() || x.asText().isEmpty()) {
                    throw new PhiException(file + ": chat template field 'stop' must be a list of non-empty strings");
                }
                stops.add(x.asText());
            }
        } else if (!s.isMissingNode() && !s.isNull()) {
            throw new PhiException(file + ": chat template field 'stop' must be a string or a list of strings");
        }
        return new ChatTemplate(file.getFileName().toString(), system, user, assistant, generationPrompt, stops,
                flag(n, "parse_special", false, file), flag(n, "strip", true, file));
    }

    private static String legacy(String pattern, String placeholder) {
        return pattern.contains(CONTENT) ? pattern : pattern.replace(placeholder, CONTENT);
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

    private static boolean flag(JsonNode n, String field, boolean fallback, Path file) {
        JsonNode v = n.get(field);
        if (v == null || v.isNull()) {
            return fallback;
        }
        if (!v.isBoolean()) {
            throw new PhiException(file + ": chat template field '" + field + "' must be true or false");
        }
        return v.asBoolean();
    }

    private static String firstLine(String s) {
        return s == null ? "" : s.lines().findFirst().orElse("");
    }

    /** One chat message: role is system, developer (treated as system), user or assistant. */
    public record Message(String role, String content) {
        public Message {
            if (!List.of("system", "developer", "user", "assistant").contains(role)) {
                throw new IllegalArgumentException("chat role must be system, developer, user or assistant, got " + role);
            }
            content = content == null ? "" : content;
        }

        public static Message system(String text) {
            return new Message("system", text);
        }

        public static Message user(String text) {
            return new Message("user", text);
        }

        public static Message assistant(String text) {
            return new Message("assistant", text);
        }
    }

    /** The prompt for the model's next reply: every message, then the generation prompt. */
    public String render(List<Message> messages) {
        return render(messages, true);
    }

    /** The messages as the model sees them, followed by the generation prompt if {@code addGenerationPrompt}. */
    public String render(List<Message> messages, boolean addGenerationPrompt) {
        StringBuilder sb = new StringBuilder();
        for (Message m : messages) {
            sb.append(renderMessage(m));
        }
        if (addGenerationPrompt) {
            sb.append(generationPrompt);
        }
        return sb.toString();
    }

    /** One message through its role's pattern. */
    public String renderMessage(Message m) {
        String pattern = switch (m.role()) {
            case "system", "developer" -> system;
            case "user" -> user;
            default -> assistant;
        };
        // replace(), not replaceAll(): the message text is never a pattern.
        return pattern.replace(CONTENT, stripContent ? m.content().strip() : m.content());
    }
}
