package io.phi4j;

import io.phi4j.generate.GenerationOptions;
import io.phi4j.generate.GenerationResult;
import io.phi4j.generate.Generator;
import io.phi4j.generate.TokenListener;
import io.phi4j.kernel.WorkerPool;
import io.phi4j.model.PhiConfig;
import io.phi4j.model.PhiModel;
import io.phi4j.model.PhiWeights;
import io.phi4j.model.Session;
import io.phi4j.tokenizer.Tokenizer;

import java.lang.foreign.Arena;
import java.nio.file.Path;

/**
 * A loaded Phi model: the entry point of the API.
 *
 * <pre>{@code
 * try (Model model = Model.load(Path.of("phi-2.Q4_0.gguf"))) {
 *     GenerationResult r = model.generate("Instruct: What is 2 + 2?\nOutput:", GenerationOptions.greedy(32),
 *             (id, text) -> { System.out.print(text); return true; });
 * }
 * }</pre>
 *
 * Weights stay memory-mapped until {@link #close()}; sessions and tensors must not be used after it.
 */
public final class Model implements AutoCloseable {
    /** Context size used when the caller does not choose one: the model's, capped to keep the KV cache small. */
    public static final int DEFAULT_CONTEXT = 2048;

    private final Arena arena;
    private final PhiWeights weights;
    private final Tokenizer tokenizer;
    private final ModelInfo info;
    private final PhiModel model;

    Model(Arena arena, PhiWeights weights, Tokenizer tokenizer, ModelInfo info) {
        this.arena = arena;
        this.weights = weights;
        this.tokenizer = tokenizer;
        this.info = info;
        this.model = new PhiModel(weights, WorkerPool.shared());
    }

    /**
     * Opens a GGUF file, a {@code .safetensors} file (with {@code config.json} beside it) or a Hugging Face
     * model directory. Problems with the files are reported as {@link PhiException}.
     */
    public static Model load(Path path) {
        return ModelLoader.load(path);
    }

    public PhiConfig config() {
        return weights.config();
    }

    public PhiWeights weights() {
        return weights;
    }

    public PhiModel model() {
        return model;
    }

    public ModelInfo info() {
        return info;
    }

    public boolean hasTokenizer() {
        return tokenizer != null;
    }

    /** The model's tokenizer; a {@link PhiException} if the files had none. */
    public Tokenizer tokenizer() {
        if (tokenizer == null) {
            throw new PhiException(info.path() + ": no tokenizer found (expected tokenizer.json or vocab.json + merges.txt"
                    + " beside the weights, or tokenizer metadata in the GGUF file)");
        }
        return tokenizer;
    }

    /** A new session with room for {@code contextSize} tokens (0: the default). */
    public Session newSession(int contextSize) {
        int n = contextSize > 0 ? contextSize : Math.min(DEFAULT_CONTEXT, config().contextLength());
        if (n > config().contextLength()) {
            throw new PhiException("context size " + n + " is larger than the model's " + config().contextLength());
        }
        return new Session(model, n);
    }

    /** Generates from {@code prompt} in a fresh session of the default context size. */
    public GenerationResult generate(String prompt, GenerationOptions options, TokenListener listener) {
        int[] ids = tokenizer().encode(prompt);
        return new Generator(tokenizer()).generate(newSession(0), ids, options, listener);
    }

    @Override
    public void close() {
        arena.close();
    }
}
