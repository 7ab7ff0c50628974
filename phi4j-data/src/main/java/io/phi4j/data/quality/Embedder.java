package io.phi4j.data.quality;

import io.phi4j.PhiException;

import java.nio.file.Path;
import java.util.ServiceLoader;

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
            default -> {
                for (EmbedderProvider p : ServiceLoader.load(EmbedderProvider.class)) {
                    if (p.kind().equals(spec.kind())) {
                        yield p.open(spec);
                    }
                }
                throw new PhiException("unknown embedder kind '" + spec.kind() + "' (known: phi"
                        + (spec.kind().equals("minilm") ? "; minilm needs the phi4j-embed-minilm module on the class path)" : ")"));
            }
        };
    }

    /**
     * The spec for what the user named: a provider's model name (e.g. {@code all-MiniLM-L6-v2}, case-insensitive)
     * if a provider claims it, else a phi4j model path.
     */
    static EmbedderSpec forName(String name, int maxTokens) {
        for (EmbedderProvider p : ServiceLoader.load(EmbedderProvider.class)) {
            for (String n : p.names()) {
                if (n.equalsIgnoreCase(name)) {
                    return p.spec(maxTokens);
                }
            }
        }
        if (name.equalsIgnoreCase("all-MiniLM-L6-v2") || name.equalsIgnoreCase("minilm")) {
            throw new PhiException("the all-MiniLM-L6-v2 embedder needs the phi4j-embed-minilm module on the class path"
                    + " (build the CLI with -Pminilm)");
        }
        return null;
    }
}
