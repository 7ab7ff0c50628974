package io.phi4j.data.curate;

import java.util.ArrayList;
import java.util.List;

/**
 * The words and lines of a document as the heuristic rules see them. Words are whitespace-separated tokens with
 * leading and trailing punctuation stripped (Gopher's "words"; tokens of punctuation only are not words).
 */
final class TextStats {
    final String text;
    final List<String> words = new ArrayList<>();
    /** Whitespace-separated tokens, including those of punctuation only. */
    int tokens;
    final String[] lines;

    TextStats(String text) {
        this.text = text;
        this.lines = text.split("\n", -1);
        int i = 0, n = text.length();
        while (i < n) {
            while (i < n && Character.isWhitespace(text.charAt(i))) {
                i++;
            }
            int start = i;
            while (i < n && !Character.isWhitespace(text.charAt(i))) {
                i++;
            }
            if (i > start) {
                tokens++;
                int a = start, b = i;
                while (a < b && isPunct(text.codePointAt(a))) {
                    a += Character.charCount(text.codePointAt(a));
                }
                while (b > a && isPunct(text.codePointBefore(b))) {
                    b -= Character.charCount(text.codePointBefore(b));
                }
                if (b > a) {
                    words.add(text.substring(a, b));
                }
            }
        }
    }

    private long[] wordHashes;

    /** 64-bit hashes of {@link #words}, computed once for all n-gram rules. */
    long[] wordHashes() {
        if (wordHashes == null) {
            wordHashes = Repetition.hashes(words);
        }
        return wordHashes;
    }

    static boolean isPunct(int cp) {
        int t = Character.getType(cp);
        return t == Character.CONNECTOR_PUNCTUATION || t == Character.DASH_PUNCTUATION || t == Character.START_PUNCTUATION
                || t == Character.END_PUNCTUATION || t == Character.INITIAL_QUOTE_PUNCTUATION
                || t == Character.FINAL_QUOTE_PUNCTUATION || t == Character.OTHER_PUNCTUATION
                || t == Character.MATH_SYMBOL || t == Character.CURRENCY_SYMBOL || t == Character.MODIFIER_SYMBOL
                || t == Character.OTHER_SYMBOL;
    }
}
