package io.phi4j.langchain4j;

import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.response.ChatResponse;

/**
 * A LangChain4j {@link ChatModel} over the in-process phi4j engine: no server, no HTTP.
 *
 * <pre>{@code
 * try (Phi4jChatModel model = Phi4jChatModel.builder().modelPath(Path.of("phi-2.Q4_0.gguf"))
 *         .temperature(0).maxTokens(64).build()) {
 *     String answer = model.chat("Name a prime number.");
 * }
 * }</pre>
 *
 * Request parameters (temperature, top-p, top-k, max output tokens, stop sequences, presence and frequency
 * penalties) override the builder's settings for one request. Thread-safe: concurrent requests take turns on
 * one KV cache, and a conversation's next turn reuses the cache of its previous one. Tools, images and JSON mode
 * are refused with {@link dev.langchain4j.exception.UnsupportedFeatureException}.
 */
public final class Phi4jChatModel extends Phi4jModelBase implements ChatModel {
    private Phi4jChatModel(Phi4jEngine engine) {
        super(engine);
    }

    public static Builder builder() {
        return new Builder();
    }

    @Override
    public ChatResponse doChat(ChatRequest request) {
        return engine.generate(request, text -> { }, () -> Thread.currentThread().isInterrupted());
    }

    public static final class Builder extends Phi4jModelBuilder<Builder> {
        private Builder() {
        }

        /** Loads the model (if a path was given); a bad path is a one-line {@link io.phi4j.PhiException}. */
        public Phi4jChatModel build() {
            return new Phi4jChatModel(engine());
        }
    }
}
