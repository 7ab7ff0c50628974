package io.phi4j.data.bpe;

import io.phi4j.tokenizer.ByteLevelPreTokenizer;

import java.util.HashMap;
import java.util.Map;

/**
 * How often each pre-tokenized word occurs in a corpus, words spelled in byte-level characters (GPT-2's
 * {@code bytes_to_unicode}, so {@code " the"} is {@code "Ġthe"}). Text is split exactly as the trained tokenizer
 * will split it: {@code <|endoftext|>} separates documents and is never part of a word, and each document is cut by
 * the GPT-2 pre-tokenization regex. Not thread-safe; merge per-thread instances with {@link #addAll}.
 */
public final class WordCounts {
    public static final String END_OF_TEXT = "<|endoftext|>";

    private final Map<String, long[]> counts = new HashMap<>();
    private long total;

    /** Adds every word of {@code text}. */
    public void addText(String text) {
        int from = 0;
        while (from <= text.length()) {
            int eot = text.indexOf(END_OF_TEXT, from);
            int end = eot < 0 ? text.length() : eot;
            if (end > from) {
                ByteLevelPreTokenizer.forEachWord(text.substring(from, end), this::addWord);
            }
            if (eot < 0) {
                break;
            }
            from = eot + END_OF_TEXT.length();
        }
    }

    /** Adds one already pre-tokenized, byte-level word. */
    public void addWord(String word) {
        addWord(word, 1);
    }

    public void addWord(String word, long count) {
        counts.computeIfAbsent(word, k -> new long[1])[0] += count;
        total += count;
    }

    public void addAll(WordCounts other) {
        other.counts.forEach((w, c) -> addWord(w, c[0]));
    }

    /** Distinct words. */
    public int size() {
        return counts.size();
    }

    /** Words counted, with repetition. */
    public long total() {
        return total;
    }

    Map<String, long[]> map() {
        return counts;
    }
}
