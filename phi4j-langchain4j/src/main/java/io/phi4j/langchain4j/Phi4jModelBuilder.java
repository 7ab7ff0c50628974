package io.phi4j.langchain4j;

import io.phi4j.Model;
import io.phi4j.PhiException;
import io.phi4j.chat.ChatTemplate;
import io.phi4j.generate.GenerationOptions;

import java.nio.file.Path;
import java.util.List;

/**
 * Settings shared by {@link Phi4jChatModel} and {@link Phi4jStreamingChatModel}: the model (a path to load, or
 * an already loaded {@link Model}), the chat template, and default sampling settings that each LangChain4j
 * request may override. Unset sampling settings are llama.cpp's defaults ({@link GenerationOptions#defaults()}).
 *
 * @param <B> the concrete builder
 */
public abstract class Phi4jModelBuilder<B extends Phi4jModelBuilder<B>> {
    private Path modelPath;
    private Model model;
    private ChatTemplate chatTemplate = ChatTemplate.PHI2_INSTRUCT;
    private GenerationOptions options = GenerationOptions.defaults();
    private String modelName;
    private int contextSize;

    Phi4jModelBuilder() {
    }

    @SuppressWarnings("unchecked")
    private B self() {
        return (B) this;
    }

    /** A GGUF file, a {@code .safetensors} file or a Hugging Face model directory; the chat model owns it. */
    public B modelPath(Path path) {
        this.modelPath = path;
        return self();
    }

    /** A model loaded by the caller, who keeps ownership (closing the chat model leaves it open). */
    public B model(Model model) {
        this.model = model;
        return self();
    }

    /** How messages become a prompt (default: Phi-2's {@code Instruct:/Output:} format). */
    public B chatTemplate(ChatTemplate template) {
        this.chatTemplate = template;
        return self();
    }

    /** A built-in template by name ({@code phi2-instruct}, {@code phi2-chat}, {@code chatml}, {@code raw}) or a JSON file. */
    public B chatTemplate(String nameOrFile) {
        return chatTemplate(ChatTemplate.named(nameOrFile));
    }

    /** 0 is greedy decoding. */
    public B temperature(double temperature) {
        options = options.withTemperature(temperature);
        return self();
    }

    public B topP(double topP) {
        options = options.withTopP(topP);
        return self();
    }

    /** 0 turns top-k off. */
    public B topK(int topK) {
        options = options.withTopK(topK);
        return self();
    }

    /** Random seed for sampling: the same request with the same seed gives the same reply. */
    public B seed(long seed) {
        options = options.withSeed(seed);
        return self();
    }

    /** Most tokens in a reply (-1: until the context is full). */
    public B maxTokens(int maxTokens) {
        options = options.withMaxTokens(maxTokens);
        return self();
    }

    /** Strings that end a reply, besides the chat template's own. */
    public B stop(List<String> stop) {
        options = options.withStop(stop);
        return self();
    }

    /** Tokens of prompt + reply the KV cache holds (0: the model's, at most 2048). */
    public B contextSize(int contextSize) {
        this.contextSize = contextSize;
        return self();
    }

    /** The name in responses (default: the model file's name without extension). */
    public B modelName(String modelName) {
        this.modelName = modelName;
        return self();
    }

    /** Loads the model if a path was given; problems with it are a one-line {@link PhiException}. */
    Phi4jEngine engine() {
        if ((modelPath == null) == (model == null)) {
            throw new PhiException("give the chat model either modelPath(...) or model(...), not "
                    + (model == null ? "neither" : "both"));
        }
        if (contextSize < 0) {
            throw new PhiException("context size must be positive (or 0 for the model's), got " + contextSize);
        }
        if (chatTemplate == null) {
            throw new PhiException("the chat template must not be null");
        }
        boolean owned = model == null;
        Model m = owned ? Model.load(modelPath) : model;
        try {
            String name = modelName != null ? modelName : baseName(m.info().path());
            return new Phi4jEngine(m, owned, chatTemplate, options, name, contextSize);
        } catch (RuntimeException e) {
            if (owned) {
                m.close();
            }
            throw e;
        }
    }

    private static String baseName(Path p) {
        String n = p.getFileName() == null ? p.toString() : p.getFileName().toString();
        int dot = n.lastIndexOf('.');
        return dot > 0 ? n.substring(0, dot) : n;
    }
}
