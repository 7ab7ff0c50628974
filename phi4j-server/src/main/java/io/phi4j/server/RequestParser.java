package io.phi4j.server;

import com.fasterxml.jackson.databind.JsonNode;
import io.phi4j.chat.ChatTemplate;
import io.phi4j.generate.GenerationOptions;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Checks an OpenAI request body field by field and turns it into a {@link GenerationRequest}. Every problem is
 * a 400 naming the field and what was expected; unknown fields are ignored, as OpenAI-compatible servers do,
 * so that clients sending newer options still work.
 */
final class RequestParser {
    /** OpenAI's default for /v1/completions; chat completions default to "until the context is full". */
    static final int COMPLETIONS_DEFAULT_MAX_TOKENS = 16;
    static final int MAX_STOPS = 16;

    private final String modelId;
    private final ChatTemplate template;

    RequestParser(String modelId, ChatTemplate template) {
        this.modelId = modelId;
        this.template = template;
    }

    GenerationRequest parse(JsonNode body, boolean chat) {
        if (body == null || !body.isObject()) {
            throw ApiException.invalid(null, "the request body must be a JSON object");
        }
        checkModel(body);
        unsupported(body, chat);

        optInt(body, "n", 1, 1, 1); // one choice per request
        boolean stream = optBool(body, "stream", false);
        boolean includeUsage = false;
        JsonNode so = body.get("stream_options");
        if (so != null && !so.isNull()) {
            if (!so.isObject()) {
                throw ApiException.invalid("stream_options", "'stream_options' must be an object, got " + describe(so));
            }
            if (!stream) {
                throw ApiException.invalid("stream_options", "'stream_options' is only allowed when 'stream' is true");
            }
            includeUsage = optBool(so, "include_usage", false, "stream_options.include_usage");
        }

        Integer maxTokens = null;
        for (String f : new String[]{"max_tokens", "max_completion_tokens"}) {
            JsonNode v = body.get(f);
            if (v != null && !v.isNull()) {
                maxTokens = optInt(body, f, 1, Integer.MAX_VALUE, 0); // max_completion_tokens wins: it is read last
            }
        }
        boolean maxGiven = maxTokens != null;
        int limit = maxGiven ? maxTokens : chat ? -1 : COMPLETIONS_DEFAULT_MAX_TOKENS;

        double temperature = optDouble(body, "temperature", 0, 2, 1.0);
        double topP = optDouble(body, "top_p", 0, 1, 1.0);
        double presence = optDouble(body, "presence_penalty", -2, 2, 0);
        double frequency = optDouble(body, "frequency_penalty", -2, 2, 0);
        // llama.cpp server extensions (also ignore_eos below), accepted by many OpenAI-compatible servers.
        int topK = optInt(body, "top_k", 0, Integer.MAX_VALUE, 0);
        double minP = optDouble(body, "min_p", 0, 1, 0);
        double repeatPenalty = optDouble(body, "repeat_penalty", 0.01, 10, 1.0);
        long seed = optLong(body, "seed", ThreadLocalRandom.current().nextLong());
        boolean ignoreEos = optBool(body, "ignore_eos", false);
        List<String> stops = stops(body);

        int topLogprobs = -1;
        if (chat) {
            boolean lp = optBool(body, "logprobs", false);
            JsonNode top = body.get("top_logprobs");
            if (top != null && !top.isNull()) {
                if (!lp) {
                    throw ApiException.invalid("top_logprobs", "'top_logprobs' needs 'logprobs' set to true");
                }
                topLogprobs = optInt(body, "top_logprobs", 0, 20, 0);
            } else if (lp) {
                topLogprobs = 0;
            }
        } else {
            JsonNode lp = body.get("logprobs");
            if (lp != null && !lp.isNull()) {
                topLogprobs = optInt(body, "logprobs", 0, 5, 0);
            }
        }

        String text = null;
        int[] ids = null;
        boolean parseSpecial = false;
        if (chat) {
            text = template.render(messages(body));
            parseSpecial = template.parseSpecial();
            stops.addAll(template.stops());
        } else {
            Object p = prompt(body);
            if (p instanceof String s) {
                text = s;
            } else {
                ids = (int[]) p;
            }
        }
        // top_p 0 means "only the most likely token"; the sampler's nucleus needs a positive mass.
        GenerationOptions options = new GenerationOptions(limit, temperature, topK, Math.max(topP, 1e-9), minP,
                repeatPenalty, 64, presence, frequency, seed, stops, !ignoreEos);
        return new GenerationRequest(chat, text, ids, parseSpecial, options, maxGiven, stream, includeUsage, topLogprobs);
    }

    private void checkModel(JsonNode body) {
        JsonNode m = body.get("model");
        if (m == null || m.isNull()) {
            return; // OpenAI requires it; a single-model server can do without
        }
        if (!m.isTextual()) {
            throw ApiException.invalid("model", "'model' must be a string, got " + describe(m));
        }
        if (!m.asText().equals(modelId)) {
            throw new ApiException(404, "invalid_request_error", "model", "model_not_found",
                    "The model '" + m.asText() + "' does not exist; this server serves '" + modelId + "'", 0);
        }
    }

    private static void unsupported(JsonNode body, boolean chat) {
        for (String f : new String[]{"tools", "functions", "logit_bias"}) {
            JsonNode v = body.get(f);
            if (v != null && !v.isNull() && !v.isEmpty()) {
                throw ApiException.invalid(f, "'" + f + "' is not supported by this server");
            }
        }
        JsonNode rf = body.get("response_format");
        if (rf != null && !rf.isNull() && !(rf.isObject() && "text".equals(rf.path("type").asText()))) {
            throw ApiException.invalid("response_format", "only response_format {\"type\": \"text\"} is supported");
        }
        if (!chat) {
            if (optBool(body, "echo", false)) {
                throw ApiException.invalid("echo", "'echo' is not supported by this server");
            }
            JsonNode suffix = body.get("suffix");
            if (suffix != null && !suffix.isNull() && !suffix.asText().isEmpty()) {
                throw ApiException.invalid("suffix", "'suffix' is not supported by this server");
            }
            optInt(body, "best_of", 1, 1, 1);
        }
    }

    /** A string, a one-element array of a string, an array of token ids, or a one-element array of that. */
    private static Object prompt(JsonNode body) {
        JsonNode p = body.get("prompt");
        if (p == null || p.isNull()) {
            throw ApiException.invalid("prompt", "'prompt' is required");
        }
        if (p.isTextual()) {
            return p.asText();
        }
        if (p.isArray()) {
            if (p.size() == 1 && (p.get(0).isTextual() || p.get(0).isArray())) {
                return p.get(0).isTextual() ? p.get(0).asText() : tokenIds(p.get(0));
            }
            if (p.size() > 1 && !p.get(0).isIntegralNumber()) {
                throw ApiException.invalid("prompt", "only one prompt per request is supported, got " + p.size());
            }
            return tokenIds(p);
        }
        throw ApiException.invalid("prompt", "'prompt' must be a string or an array of token ids, got " + describe(p));
    }

    private static int[] tokenIds(JsonNode arr) {
        int[] ids = new int[arr.size()];
        for (int i = 0; i < ids.length; i++) {
            JsonNode v = arr.get(i);
            if (!v.isIntegralNumber() || !v.canConvertToInt() || v.asInt() < 0) {
                throw ApiException.invalid("prompt", "'prompt' token ids must be non-negative integers, got " + describe(v));
            }
            ids[i] = v.asInt();
        }
        return ids;
    }

    private static List<ChatTemplate.Message> messages(JsonNode body) {
        JsonNode ms = body.get("messages");
        if (ms == null || ms.isNull()) {
            throw ApiException.invalid("messages", "'messages' is required");
        }
        if (!ms.isArray() || ms.isEmpty()) {
            throw ApiException.invalid("messages", "'messages' must be a non-empty array of {role, content} objects");
        }
        List<ChatTemplate.Message> out = new ArrayList<>();
        for (int i = 0; i < ms.size(); i++) {
            JsonNode m = ms.get(i);
            String where = "messages[" + i + "]";
            if (!m.isObject()) {
                throw ApiException.invalid(where, "'" + where + "' must be an object, got " + describe(m));
            }
            JsonNode role = m.get("role");
            if (role == null || !role.isTextual()) {
                throw ApiException.invalid(where + ".role", "'" + where + ".role' must be a string");
            }
            String r = role.asText();
            if (!List.of("system", "developer", "user", "assistant").contains(r)) {
                throw ApiException.invalid(where + ".role", "'" + where + ".role' must be system, developer, user"
                        + " or assistant, got '" + r + "'");
            }
            out.add(new ChatTemplate.Message(r, content(m.get("content"), where + ".content", r)));
        }
        return out;
    }

    private static String content(JsonNode c, String where, String role) {
        if (c == null || c.isNull()) {
            if (role.equals("assistant")) {
                return "";
            }
            throw ApiException.invalid(where, "'" + where + "' is required");
        }
        if (c.isTextual()) {
            return c.asText();
        }
        if (c.isArray()) {
            StringBuilder sb = new StringBuilder();
            for (JsonNode part : c) {
                if (!part.isObject() || !"text".equals(part.path("type").asText()) || !part.path("text").isTextual()) {
                    throw ApiException.invalid(where, "'" + where + "' parts must be {\"type\": \"text\", \"text\": \"...\"};"
                            + " only text is supported");
                }
                sb.append(part.get("text").asText());
            }
            return sb.toString();
        }
        throw ApiException.invalid(where, "'" + where + "' must be a string or an array of text parts, got " + describe(c));
    }

    private static List<String> stops(JsonNode body) {
        List<String> out = new ArrayList<>();
        JsonNode s = body.get("stop");
        if (s == null || s.isNull()) {
            return out;
        }
        if (s.isTextual()) {
            if (!s.asText().isEmpty()) {
                out.add(s.asText());
            }
            return out;
        }
        if (!s.isArray()) {
            throw ApiException.invalid("stop", "'stop' must be a string or an array of strings, got " + describe(s));
        }
        if (s.size() > MAX_STOPS) {
            throw ApiException.invalid("stop", "'stop' may hold at most " + MAX_STOPS + " strings, got " + s.size());
        }
        for (JsonNode x : s) {
            if (!x.isTextual()) {
                throw ApiException.invalid("stop", "'stop' must be an array of strings, found " + describe(x));
            }
            if (!x.asText().isEmpty()) {
                out.add(x.asText());
            }
        }
        return out;
    }

    static boolean optBool(JsonNode obj, String field, boolean dflt) {
        return optBool(obj, field, dflt, field);
    }

    private static boolean optBool(JsonNode obj, String field, boolean dflt, String name) {
        JsonNode v = obj.get(field);
        if (v == null || v.isNull()) {
            return dflt;
        }
        if (!v.isBoolean()) {
            throw ApiException.invalid(name, "'" + name + "' must be a boolean, got " + describe(v));
        }
        return v.asBoolean();
    }

    static double optDouble(JsonNode obj, String field, double min, double max, double dflt) {
        JsonNode v = obj.get(field);
        if (v == null || v.isNull()) {
            return dflt;
        }
        if (!v.isNumber()) {
            throw ApiException.invalid(field, "'" + field + "' must be a number, got " + describe(v));
        }
        double d = v.asDouble();
        if (!(d >= min && d <= max)) {
            throw ApiException.invalid(field, "'" + field + "' must be between " + fmt(min) + " and " + fmt(max) + ", got " + v);
        }
        return d;
    }

    static int optInt(JsonNode obj, String field, int min, int max, int dflt) {
        JsonNode v = obj.get(field);
        if (v == null || v.isNull()) {
            return dflt;
        }
        if (!v.isNumber() || !isWhole(v)) {
            throw ApiException.invalid(field, "'" + field + "' must be an integer, got " + describe(v));
        }
        double d = v.asDouble();
        if (d < min || d > max) {
            String range = max == Integer.MAX_VALUE ? "at least " + min : min == max ? "exactly " + min : "between " + min + " and " + max;
            throw ApiException.invalid(field, "'" + field + "' must be " + range + ", got " + v);
        }
        return (int) d;
    }

    private static long optLong(JsonNode obj, String field, long dflt) {
        JsonNode v = obj.get(field);
        if (v == null || v.isNull()) {
            return dflt;
        }
        if (!v.isNumber() || !isWhole(v) || !v.canConvertToLong()) {
            throw ApiException.invalid(field, "'" + field + "' must be a 64-bit integer, got " + describe(v));
        }
        return v.asLong();
    }

    private static boolean isWhole(JsonNode v) {
        return v.isIntegralNumber() || (v.isFloatingPointNumber() && v.asDouble() == Math.rint(v.asDouble())
                && !Double.isInfinite(v.asDouble()));
    }

    private static String fmt(double d) {
        return d == Math.rint(d) ? Long.toString((long) d) : Double.toString(d);
    }

    /** A short description of a JSON value for error messages: its type and (abbreviated) text. */
    static String describe(JsonNode v) {
        String type = switch (v.getNodeType()) {
            case STRING -> "a string";
            case NUMBER -> "a number";
            case BOOLEAN -> "a boolean";
            case ARRAY -> "an array";
            case OBJECT -> "an object";
            case NULL -> "null";
            default -> v.getNodeType().toString().toLowerCase();
        };
        String text = v.toString();
        if (text.length() > 40) {
            text = text.substring(0, 37) + "...";
        }
        return type + " (" + text + ")";
    }
}
