package io.phi4j.data.quality;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The chat-completion request body for one document and one try. The body is deterministic (field order fixed,
 * no timestamps), so its hash is a stable cache key: a re-run never pays twice for the same question. A repeated
 * question (after an unparsable reply) carries {@code seed = attempt} and at least temperature 0.7, so that it is
 * a different request with a different key, and a sampling judge can answer differently.
 */
final class JudgeRequest {
    private static final double RETRY_TEMPERATURE = 0.7;

    private JudgeRequest() {
    }

    static String body(AnnotateOptions o, String text, int attempt) {
        ObjectNode b = DocumentReader.JSON.createObjectNode();
        b.put("model", o.model());
        ObjectNode msg = b.putArray("messages").addObject();
        msg.put("role", "user");
        msg.put("content", o.prompt().message(text, o.maxChars()));
        b.put("temperature", attempt == 0 ? o.temperature() : Math.max(o.temperature(), RETRY_TEMPERATURE));
        b.put("max_tokens", o.maxTokens());
        if (attempt > 0) {
            b.put("seed", attempt);
        }
        try {
            return DocumentReader.JSON.writeValueAsString(b);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a tree of strings and numbers always serialises", e);
        }
    }
}
