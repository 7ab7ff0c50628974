package io.phi4j.embed.minilm;

import io.phi4j.PhiException;
import io.phi4j.data.quality.Embedder;
import io.phi4j.data.quality.EmbedderProvider;
import io.phi4j.data.quality.EmbedderSpec;

import java.util.List;

/** Lets {@code --embed-model all-MiniLM-L6-v2} (or {@code minilm}) and {@code "kind": "minilm"} find {@link MiniLmEmbedder}. */
public final class MiniLmEmbedderProvider implements EmbedderProvider {
    static final String KIND = "minilm";

    @Override
    public String kind() {
        return KIND;
    }

    @Override
    public List<String> names() {
        return List.of(MiniLmEmbedder.NAME, KIND);
    }

    @Override
    public EmbedderSpec spec(int maxTokens) {
        return new EmbedderSpec(KIND, MiniLmEmbedder.NAME, MiniLmEmbedder.SEGMENT_TOKENS, "mean");
    }

    @Override
    public Embedder open(EmbedderSpec spec) {
        if (!MiniLmEmbedder.NAME.equals(spec.model())) {
            throw new PhiException("the minilm embedder has one model, " + MiniLmEmbedder.NAME + ", not " + spec.model());
        }
        return new MiniLmEmbedder();
    }
}
