package io.phi4j.data.quality;

/**
 * How to rebuild an embedder: saved in {@code classifier.json} so that scoring embeds exactly as training did.
 *
 * @param kind {@code phi} (a phi4j model's hidden states)
 * @param model the model path (absolute)
 * @param maxTokens documents are cut to their first {@code maxTokens} tokens
 * @param pooling {@code mean}: the average over positions of the final-LayerNorm hidden states
 */
public record EmbedderSpec(String kind, String model, int maxTokens, String pooling) {
}
