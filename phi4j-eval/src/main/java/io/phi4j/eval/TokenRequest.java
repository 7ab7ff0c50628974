package io.phi4j.eval;

/**
 * One log-likelihood request in token form: the model reads {@code tokens[0 .. length-1)} and is scored on
 * predicting {@code tokens[contStart ..]} (each from the tokens before it). {@code contStart >= 1}: there is
 * always at least one token of context (the harness uses the end-of-text token for an empty context).
 */
public record TokenRequest(int[] tokens, int contStart) {
    public TokenRequest {
        if (contStart < 1 || contStart > tokens.length) {
            throw new IllegalArgumentException("continuation start " + contStart + " of " + tokens.length + " tokens");
        }
    }

    public int continuationLength() {
        return tokens.length - contStart;
    }
}
