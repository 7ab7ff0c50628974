package io.phi4j.langchain4j;

import dev.langchain4j.model.ModelProvider;
import dev.langchain4j.model.chat.request.ChatRequestParameters;

/**
 * What the blocking and the streaming chat model share: the engine, its default request parameters, the
 * provider and closing. (The two LangChain4j interfaces have no common parent that declares these.)
 */
abstract class Phi4jModelBase implements AutoCloseable {
    final Phi4jEngine engine;

    Phi4jModelBase(Phi4jEngine engine) {
        this.engine = engine;
    }

    public ChatRequestParameters defaultRequestParameters() {
        return engine.defaultParameters();
    }

    public ModelProvider provider() {
        return ModelProvider.OTHER;
    }

    /** Closes the model if this chat model loaded it (builder's {@code modelPath}). */
    @Override
    public void close() {
        engine.close();
    }
}
