package io.phi4j.tokenizer;

/**
 * What kind of vocabulary entry a token is, with llama.cpp's numeric codes (GGUF key
 * {@code tokenizer.ggml.token_type}, enum {@code llama_token_type}). The kind decides how a token is matched in
 * input text and how it decodes:
 * <ul>
 *   <li>{@link #NORMAL}: a byte-level BPE piece (e.g. {@code "Ġhello"}); decodes through the GPT-2 byte map.</li>
 *   <li>{@link #CONTROL} / {@link #UNKNOWN}: special tokens such as {@code <|endoftext|>}; matched in text only
 *       when special-token parsing is on (llama.cpp {@code parse_special}); decode to their literal text.</li>
 *   <li>{@link #USER_DEFINED}: Hugging Face "added tokens" that are not special (Phi-2's runs of spaces and
 *       tabs); always split out of the text before BPE; decode to their literal text.</li>
 *   <li>{@link #UNUSED}: padding entries such as llama.cpp's {@code [PAD50295]}; never produced, decode to
 *       nothing.</li>
 *   <li>{@link #BYTE}: SentencePiece-style {@code <0xAB>} byte tokens; decode to that byte.</li>
 * </ul>
 */
public enum TokenType {
    NORMAL(1),
    UNKNOWN(2),
    CONTROL(3),
    USER_DEFINED(4),
    UNUSED(5),
    BYTE(6);

    private final int code;

    TokenType(int code) {
        this.code = code;
    }

    /** llama.cpp's numeric code, as stored in GGUF. */
    public int code() {
        return code;
    }

    /** True for the kinds HF calls special and llama.cpp only parses with {@code parse_special}. */
    public boolean isSpecial() {
        return this == CONTROL || this == UNKNOWN;
    }

    /**
     * The type for a GGUF code. Code 0 (llama.cpp's "undefined", written by some old converters) is read as
     * NORMAL, as llama.cpp does; other unknown codes return null so the caller can name the file in its error.
     */
    public static TokenType fromCode(int code) {
        if (code == 0) {
            return NORMAL;
        }
        for (TokenType t : values()) {
            if (t.code == code) {
                return t;
            }
        }
        return null;
    }
}
