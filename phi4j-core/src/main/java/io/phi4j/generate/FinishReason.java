package io.phi4j.generate;

/** Why generation ended. */
public enum FinishReason {
    /** End-of-sequence token or a stop string. */
    STOP,
    /** The max-tokens limit. */
    LENGTH,
    /** The context window is full (the KV cache has no room for another token). */
    CONTEXT,
    /** The listener or the caller asked to stop. */
    CANCELLED
}
