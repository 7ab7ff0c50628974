package io.phi4j.langchain4j;

import io.phi4j.chat.LeadingSpace;
import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.request.ChatRequestParameters;
import dev.langchain4j.model.chat.request.DefaultChatRequestParameters;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.output.TokenUsage;
import io.phi4j.Model;
import io.phi4j.chat.ChatTemplate;
import io.phi4j.generate.GenerationOptions;
import io.phi4j.generate.GenerationResult;
import io.phi4j.generate.Generator;
import io.phi4j.model.Session;
import io.phi4j.tokenizer.Tokenizer;

import java.util.UUID;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

/**
 * What both LangChain4j models run on: one model, one chat template, one KV-cache session. Requests take turns
 * (a lock): a session holds one sequence, and a conversation's next request reuses the cache of its previous
 * one by prefix, which is what makes multi-turn chat cheap.
 */
final class Phi4jEngine implements AutoCloseable {
    private final Model model;
    private final boolean ownsModel;
    private final ChatTemplate template;
    private final GenerationOptions defaults;
    private final String modelName;
    private final int contextSize;
    private final Tokenizer tokenizer;
    private final ReentrantLock lock = new ReentrantLock();
    private Session session;
    private boolean closed;

    Phi4jEngine(Model model, boolean ownsModel, ChatTemplate template, GenerationOptions defaults, String modelName,
                int contextSize) {
        this.model = model;
        this.ownsModel = ownsModel;
        this.template = template;
        this.defaults = defaults;
        this.modelName = modelName;
        this.contextSize = contextSize;
        this.tokenizer = model.tokenizer(); // fails now, with a clear message, if the model has none
    }

    ChatTemplate template() {
        return template;
    }

    String modelName() {
        return modelName;
    }

    /** The configured sampling settings, as LangChain4j request parameters (merged under each request's). */
    ChatRequestParameters defaultParameters() {
        return DefaultChatRequestParameters.builder().modelName(modelName).temperature(defaults.temperature())
                .topP(defaults.topP()).topK(defaults.topK()).maxOutputTokens(defaults.maxTokens())
                .stopSequences(defaults.stop()).build();
    }

    /** The prompt a request becomes: its messages through the chat template. */
    String prompt(ChatRequest request) {
        return template.render(RequestMapping.messages(request.messages()));
    }

    GenerationOptions options(ChatRequest request) {
        return RequestMapping.options(defaults, request.parameters(), template);
    }

    /**
     * Answers {@code request}, passing the reply's text to {@code onText} as it becomes final; generation stops
     * early when {@code cancelled} turns true.
     */
    ChatResponse generate(ChatRequest request, Consumer<String> onText, BooleanSupplier cancelled) {
        String prompt = prompt(request);
        GenerationOptions options = options(request);
        int[] ids = tokenizer.encode(prompt, template.parseSpecial());
        // After a label ("Output:", "Bob:") the model writes a space before its answer; it is not part of it.
        Consumer<String> sink = template.generationPrompt().isEmpty() ? onText : new LeadingSpace(onText);
        GenerationResult r;
        lock.lock();
        try {
            if (closed) {
                throw new IllegalStateException("this phi4j chat model is closed");
            }
            if (session == null) {
                session = model.newSession(contextSize);
            }
            r = new Generator(tokenizer).generate(session, ids, options, (id, piece) -> {
                if (cancelled.getAsBoolean()) {
                    return false;
                }
                if (!piece.isEmpty()) {
                    sink.accept(piece);
                }
                return !cancelled.getAsBoolean();
            });
        } finally {
            lock.unlock();
        }
        String text = template.generationPrompt().isEmpty() ? r.text() : r.text().stripLeading();
        return ChatResponse.builder()
                .aiMessage(AiMessage.from(text))
                .id("phi4j-" + UUID.randomUUID())
                .modelName(modelName)
                .tokenUsage(new TokenUsage(r.promptTokens(), r.tokens().length))
                .finishReason(RequestMapping.finishReason(r.finishReason()))
                .build();
    }

    @Override
    public void close() {
        lock.lock();
        try {
            if (!closed) {
                closed = true;
                session = null;
                if (ownsModel) {
                    model.close();
                }
            }
        } finally {
            lock.unlock();
        }
    }
}
