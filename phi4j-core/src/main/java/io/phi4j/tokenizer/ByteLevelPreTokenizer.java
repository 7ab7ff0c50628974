package io.phi4j.tokenizer;

import java.util.function.Consumer;

/**
 * The first two steps of the byte-level BPE pipeline, for code outside this package that must see text exactly as
 * the tokenizer does (the BPE trainer in phi4j-data): the GPT-2 pre-tokenization split ({@link Gpt2PreTokenizer},
 * identical to Hugging Face's ByteLevel pre-tokenizer with {@code use_regex: true}) and the byte-level spelling of
 * each word's UTF-8 bytes ({@link ByteLevel}, e.g. {@code " hi"} is {@code "Ġhi"}).
 */
public final class ByteLevelPreTokenizer {
    private ByteLevelPreTokenizer() {
    }

    /** Passes each GPT-2 word of {@code text}, in order, spelled in byte-level characters. */
    public static void forEachWord(CharSequence text, Consumer<String> sink) {
        byte[][] buffer = {new byte[64]};
        Gpt2PreTokenizer.split(text, 0, text.length(), (start, end) -> {
            int max = Utf8Encoding.maxBytes(end - start);
            if (buffer[0].length < max) {
                buffer[0] = new byte[Math.max(max, buffer[0].length * 2)];
            }
            int n = Utf8Encoding.encode(text, start, end, buffer[0]);
            char[] chars = new char[n];
            for (int i = 0; i < n; i++) {
                chars[i] = ByteLevel.charOf(buffer[0][i]);
            }
            sink.accept(new String(chars));
        });
    }

    /** Number of GPT-2 words in {@code text} (a quick, tokenizer-independent size measure). */
    public static int countWords(CharSequence text) {
        int[] count = {0};
        Gpt2PreTokenizer.split(text, 0, text.length(), (start, end) -> count[0]++);
        return count[0];
    }

    /** The character that stands for byte {@code b} in vocabulary pieces (GPT-2's {@code bytes_to_unicode}). */
    public static char byteChar(int b) {
        return ByteLevel.charOf(b);
    }

    /** The raw bytes a byte-level piece stands for (a piece with other characters: its UTF-8 bytes). */
    public static byte[] pieceBytes(String piece) {
        return ByteLevel.decode(piece);
    }
}
