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

    /**
     * The same counts with every word cut before and after each ASCII digit, so training never learns a merge that
     * contains a digit and every number is then encoded one digit per token (as Llama's and Phi-3's tokenizers split
     * digits). A tiny model learns column arithmetic far more easily when "84" is "8" "4" than when it is one of a
     * thousand opaque number tokens. The trained merges stay plain BPE merges, so the tokenizer needs no special
     * pre-tokenizer: at encoding time no merge can join a digit to anything, which gives the same pieces.
     */
    public WordCounts splitDigits() {
        WordCounts out = new WordCounts();
        for (Map.Entry<String, long[]> e : counts.entrySet()) {
            String w = e.getKey();
            long c = e.getValue()[0];
            int start = 0;
            for (int i = 0; i < w.length(); i++) {
                char ch = w.charAt(i);
                if (ch >= '0' && ch <= '9') {
                    if (i > start) {
                        out.addWord(w.substring(start, i), c);
                    }
                    out.addWord(String.valueOf(ch), c);
                    start = i + 1;
                }
            }
            if (start < w.length()) {
                out.addWord(w.substring(start), c);
            }
        }
        return out;
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
