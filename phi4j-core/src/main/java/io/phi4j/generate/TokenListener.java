package io.phi4j.generate;

/** Receives generated tokens as they are produced. */
@FunctionalInterface
public interface TokenListener {
    /**
     * @param tokenId the token just sampled
     * @param text    text that became final with it (may be empty: half a UTF-8 character, or text that may
     *                still be the start of a stop string, is held back)
     * @return false to stop generating
     */
    boolean onToken(int tokenId, String text);

    TokenListener NONE = (id, text) -> true;
}
