package io.phi4j.data.curate;

import java.io.Serializable;

/**
 * What deduplication keeps of a document between its two phases: its position in the input, its id, the first
 * 128 bits of the SHA-256 of its whitespace-normalised text, and its MinHash signature (null without words).
 */
public record DedupSignature(long ordinal, String id, long sha0, long sha1, int[] minhash) implements Serializable {
}
