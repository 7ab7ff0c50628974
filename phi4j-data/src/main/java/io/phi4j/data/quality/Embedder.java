package io.phi4j.data.quality;

import io.phi4j.PhiException;

import java.nio.file.Path;

/** Turns a document into a fixed-size vector. Implementations may be used from several threads. */
public interface Embedder extends AutoCloseable {
    int dimension();

    float[] embed(String text);

    EmbedderSpec spec();

    @Override
    void close();

    /** Opens the embedder a spec describes. */
    static Embedder open(EmbedderSpec spec) {
        return switch (spec.kind()) {
            case "phi" -> {
                if (!"mean".equals(spec.pooling())) {
                    throw new PhiException("unknown pooling '" + spec.pooling() + "' (known: mean)");
                }
                yield PhiEmbedder.open(Path.of(spec.model()), spec.maxTokens());
            }
            default -> throw new PhiException("unknown embedder kind '" + spec.kind() + "' (known: phi)");
        };
    }
}
