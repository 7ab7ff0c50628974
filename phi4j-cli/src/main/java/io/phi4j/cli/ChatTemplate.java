package io.phi4j.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.phi4j.PhiException;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * How a conversation is laid out as text for the model. Phi-2 is not instruction-tuned; its model card gives two
 * formats it follows, QA ({@code Instruct: …\nOutput:}) and chat ({@code Alice: …\nBob:}), and {@code raw} simply
 * concatenates what was said. Each turn is rendered from a pattern containing {@code {message}}; the assistant
 * pattern's part before {@code {message}} is the prompt the model continues from; generation stops when the model
 * starts the next speaker's turn.
 *
 * @param name      for messages
 * @param system    pattern with {@code {system}} for the optional system text at the top ("" for none)
 * @param user      pattern of a user turn
 * @param assistant pattern of an assistant turn
 * @param stops     strings that end a reply (the next speaker's label)
 */
record ChatTemplate(String name, String system, String user, String assistant, List<String> stops) {
    static final String MESSAGE = "{message}";
    static final String SYSTEM = "{system}";

    ChatTemplate {
        if (!user.contains(MESSAGE) || !assistant.contains(MESSAGE)) {
            throw new PhiException("chat template " + name + ": \"user\" and \"assistant\" must contain " + MESSAGE);
        }
        stops = List.copyOf(stops);
    }

    /** {@code qa}, {@code chat}, {@code raw}, or the path of a JSON template file. */
    static ChatTemplate of(String nameOrFile) {
        return switch (nameOrFile.toLowerCase(Locale.ROOT)) {
            // Phi-2 model card, "QA format": "Instruct: <prompt>\nOutput:"
            case "qa" -> new ChatTemplate("qa", "{system}\n", "Instruct: {message}\n", "Output:{message}\n",
                    List.of("\nInstruct:", "\nOutput:"));
            // Phi-2 model card, "Chat format": "Alice: ...\nBob:"
            case "chat" -> new ChatTemplate("chat", "{system}\n", "Alice: {message}\n", "Bob:{message}\n",
                    List.of("\nAlice:", "\nBob:"));
            case "raw" -> new ChatTemplate("raw", "{system}", "{message}", "{message}", List.of());
            default -> load(Path.of(nameOrFile));
        };
    }

    /**
     * A template file: JSON with "user" and "assistant" patterns (containing {@code {message}}), optional "system"
     * (containing {@code {system}}) and "stop" (a list of strings).
     */
    static ChatTemplate load(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new PhiException("unknown template '" + file + "': use qa, chat, raw or a JSON template file");
        }
        JsonNode root;
        try {
            root = Json.MAPPER.readTree(file.toFile());
        } catch (IOException e) {
            throw new PhiException(file + ": not a JSON chat template: " + e.getMessage().lines().findFirst().orElse(""));
        }
        if (root == null || !root.isObject()) {
            throw new PhiException(file + ": a chat template is a JSON object with \"user\" and \"assistant\"");
        }
        String user = text(root, "user", file);
        String assistant = text(root, "assistant", file);
        if (user == null || assistant == null) {
            throw new PhiException(file + ": a chat template needs \"user\" and \"assistant\" strings containing " + MESSAGE);
        }
        String system = text(root, "system", file);
        List<String> stops = new ArrayList<>();
        JsonNode s = root.get("stop");
        if (s != null) {
            if (!s.isArray()) {
                throw new PhiException(file + ": \"stop\" must be a list of strings");
            }
            for (JsonNode n : s) {
                if (!n.isTextual() || n.asText().isEmpty()) {
                    throw new PhiException(file + ": \"stop\" must be a list of non-empty strings");
                }
                stops.add(n.asText());
            }
        }
        return new ChatTemplate(file.getFileName().toString(), system == null ? "{system}\n" : system, user, assistant, stops);
    }

    private static String text(JsonNode root, String key, Path file) {
        JsonNode n = root.get(key);
        if (n == null || n.isNull()) {
            return null;
        }
        if (!n.isTextual()) {
            throw new PhiException(file + ": \"" + key + "\" must be a string");
        }
        return n.asText();
    }

    String renderSystem(String text) {
        return text == null || text.isEmpty() ? "" : system.replace(SYSTEM, text);
    }

    String renderUser(String message) {
        return user.replace(MESSAGE, message);
    }

    /** The assistant turn with its reply. */
    String renderAssistant(String reply) {
        return assistant.replace(MESSAGE, reply);
    }

    /** What precedes the reply: the text the model continues from. */
    String assistantPrefix() {
        return assistant.substring(0, assistant.indexOf(MESSAGE));
    }
}
