package io.phi4j.data.bpe;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.function.ObjLongConsumer;

/**
 * Pair statistics for BPE training: the weighted count of each adjacent token pair and the words it occurs in.
 * Word lists may hold duplicates and stale entries (words that no longer contain the pair); readers skip those.
 */
final class PairIndex {
    private static final class Entry {
        long count;
        int[] words = new int[4];
        int size;
    }

    private final Map<Long, Entry> pairs = new HashMap<>();

    /** Adds {@code d} to the pair's count and returns the new count. */
    long add(long pair, long d) {
        Entry e = pairs.computeIfAbsent(pair, k -> new Entry());
        e.count += d;
        return e.count;
    }

    void addWord(long pair, int word) {
        Entry e = pairs.computeIfAbsent(pair, k -> new Entry());
        if (e.size > 0 && e.words[e.size - 1] == word) {
            return; // the common case of a pair repeated inside one word
        }
        if (e.size == e.words.length) {
            e.words = Arrays.copyOf(e.words, e.size * 2);
        }
        e.words[e.size++] = word;
    }

    long count(long pair) {
        Entry e = pairs.get(pair);
        return e == null ? 0 : e.count;
    }

    /** The pair's word list; valid up to {@link #wordCount}. */
    int[] words(long pair) {
        Entry e = pairs.get(pair);
        return e == null ? new int[0] : e.words;
    }

    int wordCount(long pair) {
        Entry e = pairs.get(pair);
        return e == null ? 0 : e.size;
    }

    void remove(long pair) {
        pairs.remove(pair);
    }

    void forEachCount(ObjLongConsumer<Long> consumer) {
        pairs.forEach((p, e) -> consumer.accept(p, e.count));
    }
}
