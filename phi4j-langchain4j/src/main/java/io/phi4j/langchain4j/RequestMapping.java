package io.phi4j.langchain4j;

import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.data.message.Content;
import dev.langchain4j.data.message.SystemMessage;
import dev.langchain4j.data.message.TextContent;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.exception.UnsupportedFeatureException;
import dev.langchain4j.model.chat.request.ChatRequestParameters;
import dev.langchain4j.model.chat.request.ResponseFormatType;
import io.phi4j.chat.ChatTemplate;
import io.phi4j.generate.FinishReason;
import io.phi4j.generate.GenerationOptions;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** Translates LangChain4j's request types into phi4j's, and phi4j's results back. */
final class RequestMapping {
    private RequestMapping() {
    }

    /** LangChain4j messages as chat-template messages; tools and images are not something Phi-2 can take. */
    static List<ChatTemplate.Message> messages(List<ChatMessage> messages) {
        if (messages == null || messages.isEmpty()) {
            throw new IllegalArgumentException("a chat request needs at least one message");
        }
        List<ChatTemplate.Message> out = new ArrayList<>(messages.size());
        for (ChatMessage m : messages) {
            out.add(switch (m) {
                case SystemMessage s -> ChatTemplate.Message.system(s.text());
                case UserMessage u -> ChatTemplate.Message.user(userText(u));
                case AiMessage a -> {
                    if (a.hasToolExecutionRequests()) {
                        throw new UnsupportedFeatureException("phi4j: tool calls are not supported");
                    }
                    yield ChatTemplate.Message.assistant(a.text() == null ? "" : a.text());
                }
                default -> throw new UnsupportedFeatureException("phi4j: " + m.type() + " messages are not supported");
            });
        }
        return out;
    }

    private static String userText(UserMessage u) {
        StringBuilder sb = new StringBuilder();
        for (Content c : u.contents()) {
            if (!(c instanceof TextContent t)) {
                throw new UnsupportedFeatureException("phi4j: " + c.type() + " content is not supported (text only)");
            }
            sb.append(t.text());
        }
        return sb.toString();
    }

    /**
     * {@code base} overridden by the request's parameters: temperature, top-p, top-k, max output tokens, stop
     * sequences (which replace the configured ones, as LangChain4j's parameters do) and the OpenAI penalties.
     * The template's own stops always apply: they end the reply where the model starts the next turn.
     */
    static GenerationOptions options(GenerationOptions base, ChatRequestParameters p, ChatTemplate template) {
        GenerationOptions o = base;
        List<String> requestStops = null;
        if (p != null) {
            if (p.toolSpecifications() != null && !p.toolSpecifications().isEmpty()) {
                throw new UnsupportedFeatureException("phi4j: tools are not supported");
            }
            if (p.responseFormat() != null && p.responseFormat().type() == ResponseFormatType.JSON) {
                throw new UnsupportedFeatureException("phi4j: JSON response format is not supported");
            }
            if (p.temperature() != null) {
                o = o.withTemperature(p.temperature());
            }
            if (p.topP() != null) {
                o = o.withTopP(p.topP());
            }
            if (p.topK() != null) {
                o = o.withTopK(p.topK());
            }
            if (p.maxOutputTokens() != null) {
                o = o.withMaxTokens(p.maxOutputTokens());
            }
            if (p.presencePenalty() != null || p.frequencyPenalty() != null) {
                o = o.withPenalties(p.presencePenalty() != null ? p.presencePenalty() : o.presencePenalty(),
                        p.frequencyPenalty() != null ? p.frequencyPenalty() : o.frequencyPenalty());
            }
            requestStops = p.stopSequences();
        }
        // LangChain4j gives "not set" as an empty list (and merges parameters the same way).
        Set<String> stops = new LinkedHashSet<>(requestStops != null && !requestStops.isEmpty() ? requestStops : base.stop());
        stops.addAll(template.stops());
        return o.withStop(List.copyOf(stops));
    }

    static dev.langchain4j.model.output.FinishReason finishReason(FinishReason r) {
        return switch (r) {
            case STOP -> dev.langchain4j.model.output.FinishReason.STOP;
            // A full context cuts the reply short just like the token limit does (OpenAI also says "length").
            case LENGTH, CONTEXT -> dev.langchain4j.model.output.FinishReason.LENGTH;
            case CANCELLED -> dev.langchain4j.model.output.FinishReason.OTHER;
        };
    }
}
