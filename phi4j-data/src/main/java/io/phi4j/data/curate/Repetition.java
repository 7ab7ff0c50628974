package io.phi4j.data.curate;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Gopher's repetition measures (Rae et al. 2021, table A1; computed as datatrove's GopherRepetitionFilter does),
 * each a fraction of the document's characters or of its lines/paragraphs. N-grams are compared by 64-bit hashes
 * of their words, so no n-gram strings are built.
 */
final class Repetition {
    private Repetition() {
    }

    /** Number of elements equal to an earlier one, and their total length in characters. */
    record Duplicates(int elements, long chars) {
    }

    static Duplicates duplicates(List<String> elements) {
        Set<String> seen = new HashSet<>();
        int dup = 0;
        long chars = 0;
        for (String e : elements) {
            if (!seen.add(e)) {
                dup++;
                chars += e.length();
            }
        }
        return new Duplicates(dup, chars);
    }

    /** Characters covered by the most frequent n-gram: its length (words joined by spaces) times its count. */
    static long topNgramChars(List<String> words, int n) {
        return topNgramChars(words, hashes(words), n);
    }

    static long topNgramChars(List<String> words, long[] h, int n) {
        if (words.size() < n) {
            return 0;
        }
        LongCounts counts = new LongCounts(words.size());
        long best = 0;
        for (int i = 0; i + n <= words.size(); i++) {
            int c = counts.increment(ngramHash(h, i, n));
            if (c > 1) {
                best = Math.max(best, (long) ngramLength(words, i, n) * c);
            } else {
                best = Math.max(best, ngramLength(words, i, n));
            }
        }
        return best;
    }

    /**
     * Characters in duplicated n-grams: scanning left to right, an n-gram seen before adds its length and the scan
     * jumps past it (so overlapping repeats are not counted twice), as in Gopher.
     */
    static long duplicateNgramChars(List<String> words, int n) {
        return duplicateNgramChars(words, hashes(words), n);
    }

    static long duplicateNgramChars(List<String> words, long[] h, int n) {
        LongCounts seen = new LongCounts(words.size());
        long chars = 0;
        int i = 0;
        while (i + n <= words.size()) {
            if (seen.increment(ngramHash(h, i, n)) > 1) {
                chars += ngramLength(words, i, n);
                i += n;
            } else {
                i++;
            }
        }
        return chars;
    }

    static long[] hashes(List<String> words) {
        long[] h = new long[words.size()];
        for (int i = 0; i < h.length; i++) {
            h[i] = MinHash.mix(words.get(i).hashCode() * 0x9e3779b97f4a7c15L + words.get(i).length());
        }
        return h;
    }

    private static long ngramHash(long[] h, int from, int n) {
        long x = n;
        for (int k = from; k < from + n; k++) {
            x = MinHash.mix(x * 31 + h[k]);
        }
        return x;
    }

    private static int ngramLength(List<String> words, int from, int n) {
        int len = n - 1;
        for (int k = from; k < from + n; k++) {
            len += words.get(k).length();
        }
        return len;
    }
}
