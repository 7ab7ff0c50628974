package io.phi4j.tokenizer;

import java.util.OptionalInt;

/**
 * Text ↔ token ids for the Phi models (GPT-2 / CodeGen byte-level BPE), giving the same ids as Hugging Face
 * {@code tokenizers} and llama.cpp. Obtain one from {@link Tokenizers}. Implementations are immutable and safe
 * to share between threads.
 *
 * <p>Encoding never prepends BOS (Phi-2 does not use one). Ids at or beyond {@link #vocabSize()} (Phi-2's
 * embedding is padded to 51200 rows while its tokenizer has 50295 entries) decode to nothing; a negative id is
 * a {@link io.phi4j.PhiException}.
 */
public interface Tokenizer {

    /** Encodes text as plain text: special tokens written in it (e.g. {@code <|endoftext|>}) are not parsed. */
    default int[] encode(String text) {
        return encode(text, false);
    }

    /**
     * Encodes text. Non-special added tokens (Phi-2's runs of spaces and tabs) are always split out first,
     * longest first, as both Hugging Face and llama.cpp do. When {@code parseSpecial} is true, special tokens
     * written in the text (e.g. {@code <|endoftext|>}) also become their ids (llama.cpp {@code parse_special};
     * Hugging Face always does this); when false they are encoded as ordinary text.
     */
    int[] encode(String text, boolean parseSpecial);

    /**
     * The text of the ids, with invalid UTF-8 (e.g. a character cut between tokens at the end) replaced by
     * U+FFFD as Hugging Face's {@code decode} does. Special tokens are rendered as their text, as Hugging Face
     * does by default ({@code skip_special_tokens=False}).
     */
    default String decode(int[] ids) {
        return decode(ids, false);
    }

    /** As {@link #decode(int[])}; with {@code skipSpecial} true special tokens are left out. */
    String decode(int[] ids, boolean skipSpecial);

    /** The raw bytes of the ids, concatenated (special tokens as their UTF-8 text). */
    byte[] decodeBytes(int... ids);

    /** The bytes one token stands for; empty for padding/unused ids and ids past the vocabulary. */
    byte[] tokenBytes(int id);

    /**
     * The vocabulary string of a token as written in the tokenizer files: byte-level spelling for BPE pieces
     * (e.g. {@code "Ġhello"}), literal text for added tokens (e.g. {@code "  "}, {@code "<|endoftext|>"}); ""
     * for ids past the vocabulary.
     */
    String tokenPiece(int id);

    /** What kind of entry a token is; {@link TokenType#UNUSED} for ids past the vocabulary. */
    TokenType tokenType(int id);

    /** Number of entries in the tokenizer's vocabulary (may be smaller than the model's embedding). */
    int vocabSize();

    /** Beginning-of-sequence token id, or -1 if the tokenizer defines none. */
    int bosId();

    /** End-of-sequence token id, or -1 if the tokenizer defines none. */
    int eosId();

    /** The id of a vocabulary string (see {@link #tokenPiece}), if present. */
    OptionalInt id(String piece);

    /** True for special (control/unknown) tokens such as {@code <|endoftext|>}; false for added whitespace runs. */
    boolean isSpecial(int id);
}
