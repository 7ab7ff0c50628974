package io.phi4j.data.quality;

/**
 * Opens embedders of one {@link EmbedderSpec#kind()} that live outside phi4j-data (found with
 * {@link java.util.ServiceLoader}), e.g. all-MiniLM-L6-v2 in the optional phi4j-embed-minilm module, whose ONNX
 * Runtime jars are too large to ship with every build.
 */
public interface EmbedderProvider {
    /** The kind this provider opens, e.g. {@code minilm}. */
    String kind();

    /** The names a user may give instead of a model path, e.g. {@code all-MiniLM-L6-v2}. */
    java.util.List<String> names();

    /** The spec for a user-given name and token limit. */
    EmbedderSpec spec(int maxTokens);

    Embedder open(EmbedderSpec spec);
}
