package io.phi4j.tokenizer;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * GPT-2's reversible byte-to-character map ({@code bytes_to_unicode} in OpenAI's encoder.py, Hugging Face's
 * ByteLevel pre-tokenizer/decoder, llama.cpp's {@code unicode_byte_to_utf8}). Printable bytes
 * {@code '!'..'~'}, {@code '¡'..'¬'} and {@code '®'..'ÿ'} map to the character with the same code; the other 68
 * bytes map, in increasing byte order, to U+0100, U+0101, ... so space (0x20) becomes {@code 'Ġ'} (U+0120)
 * and newline {@code 'Ċ'} (U+010A). Vocabulary pieces are written in these characters.
 */
final class ByteLevel {
    private static final char[] BYTE_TO_CHAR = new char[256];
    /** Inverse map indexed by character; -1 where the character is not the image of a byte. */
    private static final short[] CHAR_TO_BYTE = new short[256 + 68];

    static {
        boolean[] printable = new boolean[256];
        for (int b = '!'; b <= '~'; b++) {
            printable[b] = true;
        }
        for (int b = 0xA1; b <= 0xAC; b++) {
            printable[b] = true;
        }
        for (int b = 0xAE; b <= 0xFF; b++) {
            printable[b] = true;
        }
        java.util.Arrays.fill(CHAR_TO_BYTE, (short) -1);
        int next = 256;
        for (int b = 0; b < 256; b++) {
            char c = printable[b] ? (char) b : (char) next++;
            BYTE_TO_CHAR[b] = c;
            CHAR_TO_BYTE[c] = (short) b;
        }
    }

    private ByteLevel() {
    }

    /** The character that stands for {@code b} in vocabulary pieces. */
    static char charOf(int b) {
        return BYTE_TO_CHAR[b & 0xFF];
    }

    /** The byte {@code c} stands for, or -1 if {@code c} is not a byte-level character. */
    static int byteOf(char c) {
        return c < CHAR_TO_BYTE.length ? CHAR_TO_BYTE[c] : -1;
    }

    /** The piece spelling of raw bytes (e.g. {@code " hi"} → {@code "Ġhi"}). */
    static String encode(byte[] bytes) {
        char[] chars = new char[bytes.length];
        for (int i = 0; i < bytes.length; i++) {
            chars[i] = BYTE_TO_CHAR[bytes[i] & 0xFF];
        }
        return new String(chars);
    }

    /**
     * The bytes a piece stands for. As Hugging Face's ByteLevel decoder does, a piece containing any character
     * outside the byte map is taken literally (its UTF-8 bytes) rather than partly decoded.
     */
    static byte[] decode(String piece) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(piece.length());
        for (int i = 0; i < piece.length(); i++) {
            int b = byteOf(piece.charAt(i));
            if (b < 0) {
                return piece.getBytes(StandardCharsets.UTF_8);
            }
            out.write(b);
        }
        return out.toByteArray();
    }
}
