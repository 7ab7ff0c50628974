package io.phi4j.embed.minilm;

import dev.langchain4j.model.embedding.onnx.allminilml6v2.AllMiniLmL6V2EmbeddingModel;
import io.phi4j.data.quality.Embedder;
import io.phi4j.data.quality.EmbedderSpec;

/**
 * all-MiniLM-L6-v2 sentence embeddings (384 dimensions) through langchain4j's in-process ONNX model: WordPiece
 * tokens, mean pooling over tokens, L2-normalised, as sentence-transformers computes them. langchain4j splits a
 * text longer than 510 tokens into pieces and averages their embeddings weighted by length, so long documents
 * are covered whole rather than truncated. ONNX Runtime sessions are thread-safe.
 */
public final class MiniLmEmbedder implements Embedder {
    public static final String NAME = "all-MiniLM-L6-v2";
    public static final int SEGMENT_TOKENS = 510;
    private final AllMiniLmL6V2EmbeddingModel model = new AllMiniLmL6V2EmbeddingModel();

    @Override
    public int dimension() {
        return 384;
    }

    @Override
    public float[] embed(String text) {
        if (text.isBlank()) {
            return new float[dimension()];
        }
        return model.embed(text).content().vector();
    }

    @Override
    public EmbedderSpec spec() {
        return new EmbedderSpec(MiniLmEmbedderProvider.KIND, NAME, SEGMENT_TOKENS, "mean");
    }

    @Override
    public void close() {
        // The model lives in a static holder of langchain4j; nothing to release per instance.
    }
}
