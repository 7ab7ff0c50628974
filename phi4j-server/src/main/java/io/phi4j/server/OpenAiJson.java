package io.phi4j.server;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.phi4j.tokenizer.Tokenizer;

import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * OpenAI's response objects: text completions ({@code text_completion}), chat completions
 * ({@code chat.completion}) and their streamed chunks, usage and log-probs, with every field the official SDKs
 * expect present (null where OpenAI sends null).
 */
final class OpenAiJson {
    static final ObjectMapper MAPPER = new ObjectMapper();

    private final Tokenizer tokenizer;
    private final String model;

    OpenAiJson(Tokenizer tokenizer, String model) {
        this.tokenizer = tokenizer;
        this.model = model;
    }

    static ObjectNode error(ApiException e) {
        ObjectNode root = MAPPER.createObjectNode();
        ObjectNode err = root.putObject("error");
        err.put("message", e.getMessage());
        err.put("type", e.type);
        err.put("param", e.param);
        err.put("code", e.code);
        return root;
    }

    ObjectNode modelObject(long created) {
        ObjectNode m = MAPPER.createObjectNode();
        m.put("id", model);
        m.put("object", "model");
        m.put("created", created);
        m.put("owned_by", "phi4j");
        return m;
    }

    /** The envelope shared by responses and chunks. */
    ObjectNode envelope(String id, String object, long created) {
        ObjectNode o = MAPPER.createObjectNode();
        o.put("id", id);
        o.put("object", object);
        o.put("created", created);
        o.put("model", model);
        o.put("system_fingerprint", "phi4j");
        return o;
    }

    static ObjectNode usage(int prompt, int completion) {
        ObjectNode u = MAPPER.createObjectNode();
        u.put("prompt_tokens", prompt);
        u.put("completion_tokens", completion);
        u.put("total_tokens", prompt + completion);
        return u;
    }

    /** A choice of a chat response ({@code message}) or chunk ({@code delta}); content null leaves it out of a delta. */
    ObjectNode chatChoice(boolean chunk, String role, String content, List<Job.TokenLogprob> logprobs,
                          int topLogprobs, String finishReason) {
        ObjectNode c = MAPPER.createObjectNode();
        c.put("index", 0);
        ObjectNode msg = c.putObject(chunk ? "delta" : "message");
        if (role != null) {
            msg.put("role", role);
        }
        if (content != null || !chunk) {
            msg.put("content", content);
        }
        if (!chunk) {
            msg.putNull("refusal");
        }
        if (topLogprobs < 0 || logprobs == null) {
            c.putNull("logprobs");
        } else {
            ObjectNode lp = c.putObject("logprobs");
            ArrayNode arr = lp.putArray("content");
            for (Job.TokenLogprob t : logprobs) {
                ObjectNode e = tokenEntry(t.token(), t.logprob());
                ArrayNode top = e.putArray("top_logprobs");
                for (int i = 0; i < Math.min(topLogprobs, t.topIds().length); i++) {
                    top.add(tokenEntry(t.topIds()[i], t.topLogprobs()[i]));
                }
                arr.add(e);
            }
            lp.putNull("refusal");
        }
        c.put("finish_reason", finishReason);
        return c;
    }

    private ObjectNode tokenEntry(int id, double logprob) {
        byte[] bytes = tokenizer.tokenBytes(id);
        ObjectNode e = MAPPER.createObjectNode();
        e.put("token", new String(bytes, StandardCharsets.UTF_8));
        e.put("logprob", logprob);
        ArrayNode b = e.putArray("bytes");
        for (byte x : bytes) {
            b.add(x & 0xff);
        }
        return e;
    }

    /**
     * A choice of a text completion or chunk, with the legacy log-probs object
     * ({@code tokens, token_logprobs, top_logprobs, text_offset}); offsets count from {@code textOffset}.
     */
    ObjectNode textChoice(String text, List<Job.TokenLogprob> logprobs, int topLogprobs, int textOffset,
                          String finishReason) {
        ObjectNode c = MAPPER.createObjectNode();
        c.put("index", 0);
        c.put("text", text);
        if (topLogprobs < 0 || logprobs == null) {
            c.putNull("logprobs");
        } else {
            ObjectNode lp = c.putObject("logprobs");
            ArrayNode tokens = lp.putArray("tokens");
            ArrayNode tlp = lp.putArray("token_logprobs");
            ArrayNode top = lp.putArray("top_logprobs");
            ArrayNode offsets = lp.putArray("text_offset");
            int offset = textOffset;
            for (Job.TokenLogprob t : logprobs) {
                String s = new String(tokenizer.tokenBytes(t.token()), StandardCharsets.UTF_8);
                tokens.add(s);
                tlp.add(t.logprob());
                ObjectNode alts = MAPPER.createObjectNode();
                for (int i = 0; i < Math.min(topLogprobs, t.topIds().length); i++) {
                    alts.put(new String(tokenizer.tokenBytes(t.topIds()[i]), StandardCharsets.UTF_8), t.topLogprobs()[i]);
                }
                top.add(alts);
                offsets.add(offset);
                offset += s.length();
            }
        }
        c.put("finish_reason", finishReason);
        return c;
    }
}
