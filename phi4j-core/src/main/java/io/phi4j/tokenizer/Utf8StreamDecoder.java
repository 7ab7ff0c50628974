package io.phi4j.tokenizer;

/**
 * Turns a stream of byte chunks (one token's bytes at a time, as generation produces them) into text,
 * returning only whole characters: a character whose UTF-8 bytes are split across tokens (emoji, CJK,
 * byte-level BPE pieces) comes out once its last byte arrives. Invalid bytes become U+FFFD with the "maximal
 * subpart" rule (Unicode §3.9, WHATWG Encoding), which is what Python's {@code errors="replace"} and Rust's
 * {@code String::from_utf8_lossy} (Hugging Face decode) do, so streamed text equals a one-shot decode.
 * Not thread-safe.
 */
public final class Utf8StreamDecoder {
    private static final char REPLACEMENT = '\uFFFD';

    private int needed;
    private int seen;
    private int codePoint;
    private int lower = 0x80;
    private int upper = 0xBF;

    /** Decodes the next chunk; returns the characters completed by it (possibly ""). */
    public String feed(byte[] bytes) {
        return feed(bytes, 0, bytes.length);
    }

    /** Decodes {@code bytes[offset, offset + length)}; returns the characters completed by it. */
    public String feed(byte[] bytes, int offset, int length) {
        StringBuilder out = new StringBuilder(length + 2);
        for (int i = offset; i < offset + length; i++) {
            accept(bytes[i] & 0xFF, out);
        }
        return out.toString();
    }

    /** Ends the stream: an unfinished character at the end becomes one U+FFFD. The decoder is then reset. */
    public String flush() {
        if (needed == 0) {
            return "";
        }
        reset();
        return String.valueOf(REPLACEMENT);
    }

    /** True while bytes of an unfinished character are held back. */
    public boolean hasPending() {
        return needed != 0;
    }

    /** Forgets any held-back bytes. */
    public void reset() {
        needed = 0;
        seen = 0;
        codePoint = 0;
        lower = 0x80;
        upper = 0xBF;
    }

    /** Decodes a whole byte string at once (same replacement rule). */
    public static String decode(byte[] bytes) {
        Utf8StreamDecoder decoder = new Utf8StreamDecoder();
        return decoder.feed(bytes) + decoder.flush();
    }

    private void accept(int b, StringBuilder out) {
        if (needed == 0) {
            if (b < 0x80) {
                out.append((char) b);
            } else if (b >= 0xC2 && b <= 0xDF) {
                needed = 1;
                codePoint = b & 0x1F;
            } else if (b >= 0xE0 && b <= 0xEF) {
                if (b == 0xE0) {
                    lower = 0xA0; // no overlong 3-byte forms
                } else if (b == 0xED) {
                    upper = 0x9F; // no UTF-16 surrogates
                }
                needed = 2;
                codePoint = b & 0x0F;
            } else if (b >= 0xF0 && b <= 0xF4) {
                if (b == 0xF0) {
                    lower = 0x90; // no overlong 4-byte forms
                } else if (b == 0xF4) {
                    upper = 0x8F; // nothing above U+10FFFF
                }
                needed = 3;
                codePoint = b & 0x07;
            } else {
                out.append(REPLACEMENT);
            }
            return;
        }
        if (b < lower || b > upper) {
            // The sequence so far is a maximal subpart: one U+FFFD for it, then this byte starts afresh.
            reset();
            out.append(REPLACEMENT);
            accept(b, out);
            return;
        }
        lower = 0x80;
        upper = 0xBF;
        codePoint = (codePoint << 6) | (b & 0x3F);
        if (++seen == needed) {
            out.appendCodePoint(codePoint);
            reset();
        }
    }
}
