package io.phi4j.tokenizer;

/**
 * Splits text into the words that BPE then works on, exactly as the GPT-2 regex
 * <pre>'s|'t|'re|'ve|'m|'ll|'d| ?\p{L}+| ?\p{N}+| ?[^\s\p{L}\p{N}]+|\s+(?!\S)|\s+</pre>
 * does in Hugging Face's ByteLevel pre-tokenizer ({@code use_regex: true}) and in llama.cpp's hand-written
 * {@code unicode_regex_split_custom_gpt2} (pre-tokenizer types gpt-2 / phi-2). A scanner rather than
 * {@link java.util.regex.Pattern}: it is several times faster and classifies characters by Unicode category
 * ({@link CharClass}), not by Java's regex definitions.
 *
 * <p>The text is Java UTF-16; the scanner walks code points, so a surrogate pair is one character. A lone
 * surrogate is in no class but "other" (its category is Cs), as U+FFFD, which it later encodes as, would be.
 * Alternatives are tried in the regex's order at each position (first match wins, not the longest):
 * <ul>
 *   <li>the contractions are case-sensitive ({@code 'S} is not one);</li>
 *   <li>{@code \s+(?!\S)}: a whitespace run followed by a non-space keeps its last character for the next word
 *       (so {@code "  hi"} is {@code " "}, {@code " hi"}); a run at the end of the text is taken whole;</li>
 *   <li>a single space is glued to a following letter, number or symbol run, never to whitespace.</li>
 * </ul>
 */
final class Gpt2PreTokenizer {

    /** Receives each word as a half-open range of char indices into the scanned text. */
    @FunctionalInterface
    interface WordSink {
        void word(int start, int end);
    }

    private Gpt2PreTokenizer() {
    }

    /** Emits the words of {@code text[start, end)} in order; together they cover the range exactly. */
    static void split(CharSequence text, int start, int end, WordSink sink) {
        int pos = start;
        while (pos < end) {
            char c = text.charAt(pos);
            if (c == '\'' && pos + 1 < end) {
                int contraction = contractionLength(text, pos, end);
                if (contraction > 0) {
                    sink.word(pos, pos + contraction);
                    pos += contraction;
                    continue;
                }
            }
            int runStart = pos;
            int cls = CharClass.of(codePointAt(text, pos, end));
            if (c == ' ' && pos + 1 < end) {
                int nextCls = CharClass.of(codePointAt(text, pos + 1, end));
                if (nextCls != CharClass.WHITESPACE) {
                    // " ?\p{L}+", " ?\p{N}+", " ?[^\s\p{L}\p{N}]+": the space joins the run that follows.
                    runStart = pos + 1;
                    cls = nextCls;
                }
            }
            if (cls != CharClass.WHITESPACE) {
                int q = runEnd(text, runStart, end, cls);
                sink.word(pos, q);
                pos = q;
                continue;
            }
            // Whitespace: "\s+(?!\S)" then "\s+".
            int q = pos;
            int lastStart = pos;
            int count = 0;
            while (q < end) {
                int cp = codePointAt(text, q, end);
                if (CharClass.of(cp) != CharClass.WHITESPACE) {
                    break;
                }
                lastStart = q;
                q += Character.charCount(cp);
                count++;
            }
            if (q < end && count > 1) {
                // Followed by a non-space: leave the last whitespace character for the next word.
                sink.word(pos, lastStart);
                pos = lastStart;
            } else {
                sink.word(pos, q);
                pos = q;
            }
        }
    }

    /** Length of {@code 's 't 'm 'd 're 've 'll} at {@code pos} (which holds an apostrophe), or 0. */
    private static int contractionLength(CharSequence text, int pos, int end) {
        char next = text.charAt(pos + 1);
        if (next == 's' || next == 't' || next == 'm' || next == 'd') {
            return 2;
        }
        if (pos + 2 < end) {
            char nextNext = text.charAt(pos + 2);
            if ((next == 'r' && nextNext == 'e') || (next == 'v' && nextNext == 'e')
                    || (next == 'l' && nextNext == 'l')) {
                return 3;
            }
        }
        return 0;
    }

    /** End of the run of class {@code cls} starting at {@code from} (whose character is of that class). */
    private static int runEnd(CharSequence text, int from, int end, int cls) {
        int q = from;
        while (q < end) {
            char ch = text.charAt(q);
            if (ch < 0x80) {
                // ASCII fast path.
                if (CharClass.of(ch) != cls) {
                    break;
                }
                q++;
                continue;
            }
            int cp = codePointAt(text, q, end);
            if (CharClass.of(cp) != cls) {
                break;
            }
            q += Character.charCount(cp);
        }
        return q;
    }

    /** The code point at {@code i}, never pairing a high surrogate with a char at or past {@code end}. */
    private static int codePointAt(CharSequence text, int i, int end) {
        char hi = text.charAt(i);
        if (Character.isHighSurrogate(hi) && i + 1 < end) {
            char lo = text.charAt(i + 1);
            if (Character.isLowSurrogate(lo)) {
                return Character.toCodePoint(hi, lo);
            }
        }
        return hi;
    }
}
