package io.phi4j.tokenizer;

/**
 * UTF-8 encoding of part of a Java string into a caller's buffer, without allocating. A lone surrogate (which
 * has no UTF-8 form) is encoded as U+FFFD, the replacement Python and Rust would have applied before the text
 * ever reached their tokenizers.
 */
final class Utf8Encoding {
    private Utf8Encoding() {
    }

    /** Upper bound of the UTF-8 length of {@code chars} UTF-16 units. */
    static int maxBytes(int chars) {
        return chars * 3;
    }

    /** Encodes {@code text[start, end)} into {@code out} (at least {@link #maxBytes} long); returns the length. */
    static int encode(CharSequence text, int start, int end, byte[] out) {
        int k = 0;
        for (int i = start; i < end; i++) {
            char c = text.charAt(i);
            if (c < 0x80) {
                out[k++] = (byte) c;
            } else if (c < 0x800) {
                out[k++] = (byte) (0xC0 | (c >> 6));
                out[k++] = (byte) (0x80 | (c & 0x3F));
            } else if (Character.isHighSurrogate(c) && i + 1 < end && Character.isLowSurrogate(text.charAt(i + 1))) {
                int cp = Character.toCodePoint(c, text.charAt(++i));
                out[k++] = (byte) (0xF0 | (cp >> 18));
                out[k++] = (byte) (0x80 | ((cp >> 12) & 0x3F));
                out[k++] = (byte) (0x80 | ((cp >> 6) & 0x3F));
                out[k++] = (byte) (0x80 | (cp & 0x3F));
            } else {
                int cp = Character.isSurrogate(c) ? 0xFFFD : c;
                out[k++] = (byte) (0xE0 | (cp >> 12));
                out[k++] = (byte) (0x80 | ((cp >> 6) & 0x3F));
                out[k++] = (byte) (0x80 | (cp & 0x3F));
            }
        }
        return k;
    }
}
