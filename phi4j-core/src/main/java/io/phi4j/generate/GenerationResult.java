package io.phi4j.generate;

/**
 * What a generation produced, with timings.
 *
 * @param text          the generated text (stop string excluded)
 * @param tokens        generated token ids (including a final EOS if one was produced)
 * @param promptTokens  tokens in the prompt
 * @param reusedTokens  prompt tokens whose KV entries were already cached
 * @param promptNanos   time to process the prompt (up to the first sampled token)
 * @param decodeNanos   time spent generating after the first token
 */
public record GenerationResult(String text, int[] tokens, int promptTokens, int reusedTokens, FinishReason finishReason,
                               long promptNanos, long decodeNanos) {
    /** Prompt tokens processed per second (cached ones excluded). */
    public double promptTokensPerSecond() {
        int computed = promptTokens - reusedTokens;
        return promptNanos <= 0 ? 0 : computed * 1e9 / promptNanos;
    }

    /** Tokens generated per second after the first. */
    public double decodeTokensPerSecond() {
        return decodeNanos <= 0 || tokens.length < 2 ? 0 : (tokens.length - 1) * 1e9 / decodeNanos;
    }
}
