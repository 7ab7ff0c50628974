package io.phi4j.data.bpe;

import io.phi4j.PhiException;
import io.phi4j.tokenizer.ByteLevelPreTokenizer;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.function.IntConsumer;

/**
 * Byte-level BPE training, the algorithm of Hugging Face's {@code BpeTrainer} (tokenizers' bpe/trainer.rs), so the
 * same corpus gives the same merges: start from the 256 byte tokens, repeatedly merge the most frequent adjacent
 * pair, counting pairs inside words weighted by word frequency. Ties go to the pair whose (left id, right id) is
 * smallest, ids being given in order of creation after the byte tokens sorted by character. Pair counts are kept
 * incrementally: a merge only revisits the words that contain the pair (an index from pair to words), and a
 * priority queue with lazily refreshed counts finds the next best pair.
 *
 * <p>The vocabulary is laid out as GPT-2's: ids 0..255 the byte tokens, then one id per merge, then
 * {@code <|endoftext|>} last.
 */
public final class BpeTrainer {
    /** The trained vocabulary ({@code pieces.get(id)}) and merges in rank order. */
    public record Result(List<String> pieces, List<String[]> merges, int endOfTextId) {
    }

    private static final Comparator<long[]> ORDER = (x, y) -> {
        if (x[0] != y[0]) {
            return Long.compare(y[0], x[0]); // higher count first
        }
        return Long.compare(x[1], y[1]); // then the smaller pair (left id, then right id)
    };

    private BpeTrainer() {
    }

    /** All 256 byte characters sorted by code point: GPT-2's (and Hugging Face's trainer's) byte-token order. */
    static char[] byteAlphabet() {
        char[] chars = new char[256];
        for (int b = 0; b < 256; b++) {
            chars[b] = ByteLevelPreTokenizer.byteChar(b);
        }
        Arrays.sort(chars);
        return chars;
    }

    /**
     * @param vocabSize total vocabulary size including the 256 byte tokens and {@code <|endoftext|>}
     * @param progress receives the number of merges done so far, every 1000 merges
     */
    public static Result train(WordCounts counts, int vocabSize, IntConsumer progress) {
        if (vocabSize < 257) {
            throw new PhiException("vocabulary size " + vocabSize + " is too small: 256 byte tokens and "
                    + "<|endoftext|> need 257");
        }
        List<String> pieces = new ArrayList<>();
        Map<String, Integer> ids = new HashMap<>();
        int[] charToId = new int[512];
        Arrays.fill(charToId, -1);
        for (char c : byteAlphabet()) {
            charToId[c] = pieces.size();
            ids.put(String.valueOf(c), pieces.size());
            pieces.add(String.valueOf(c));
        }

        // Words as id sequences, sorted by word so the result never depends on hash order.
        List<Map.Entry<String, long[]>> entries = new ArrayList<>(counts.map().entrySet());
        entries.sort(Map.Entry.comparingByKey());
        int n = entries.size();
        int[][] words = new int[n][];
        long[] freq = new long[n];
        for (int w = 0; w < n; w++) {
            String s = entries.get(w).getKey();
            int[] syms = new int[s.length()];
            for (int i = 0; i < s.length(); i++) {
                char c = s.charAt(i);
                if (c >= charToId.length || charToId[c] < 0) {
                    throw new IllegalArgumentException("word \"" + s + "\" is not byte-level text");
                }
                syms[i] = charToId[c];
            }
            words[w] = syms;
            freq[w] = entries.get(w).getValue()[0];
        }

        PairIndex index = new PairIndex();
        for (int w = 0; w < n; w++) {
            int[] s = words[w];
            for (int i = 0; i + 1 < s.length; i++) {
                long p = pair(s[i], s[i + 1]);
                index.add(p, freq[w]);
                index.addWord(p, w);
            }
        }
        PriorityQueue<long[]> queue = new PriorityQueue<>(ORDER);
        index.forEachCount((p, c) -> {
            if (c > 0) {
                queue.add(new long[] {c, p});
            }
        });

        List<String[]> merges = new ArrayList<>();
        int[] stamp = new int[n];
        int step = 0;
        Map<Long, Long> delta = new HashMap<>();
        while (pieces.size() < vocabSize - 1 && !queue.isEmpty()) {
            long[] top = queue.poll();
            long p = top[1];
            long current = index.count(p);
            if (top[0] != current) {
                if (current > 0) {
                    queue.add(new long[] {current, p});
                }
                continue;
            }
            if (current < 1) {
                break;
            }
            int a = (int) (p >>> 32);
            int b = (int) p;
            String merged = pieces.get(a) + pieces.get(b);
            Integer existing = ids.get(merged);
            int id;
            if (existing != null) {
                id = existing;
            } else {
                id = pieces.size();
                pieces.add(merged);
                ids.put(merged, id);
            }
            merges.add(new String[] {pieces.get(a), pieces.get(b)});
            step++;
            delta.clear();
            int[] where = index.words(p);
            int whereCount = index.wordCount(p);
            for (int k = 0; k < whereCount; k++) {
                int w = where[k];
                if (stamp[w] == step) {
                    continue;
                }
                stamp[w] = step;
                words[w] = mergeWord(words[w], a, b, id, freq[w], delta, index, w);
            }
            for (Map.Entry<Long, Long> e : delta.entrySet()) {
                long q = e.getKey();
                long d = e.getValue();
                if (d != 0) {
                    long c = index.add(q, d);
                    if (d > 0 && c > 0) {
                        queue.add(new long[] {c, q});
                    }
                }
            }
            index.remove(p);
            if (progress != null && merges.size() % 1000 == 0) {
                progress.accept(merges.size());
            }
        }
        int eot = pieces.size();
        pieces.add(WordCounts.END_OF_TEXT);
        return new Result(List.copyOf(pieces), List.copyOf(merges), eot);
    }

    /**
     * Merges every non-overlapping occurrence of (a, b), left to right, into {@code id}, recording the change of
     * each pair count (old pairs out, new pairs in, weighted by the word's frequency) and indexing the word under
     * the pairs that contain the new token.
     */
    private static int[] mergeWord(int[] s, int a, int b, int id, long f, Map<Long, Long> delta, PairIndex index,
                                   int w) {
        boolean found = false;
        for (int i = 0; i + 1 < s.length; i++) {
            if (s[i] == a && s[i + 1] == b) {
                found = true;
                break;
            }
        }
        if (!found) {
            return s;
        }
        for (int i = 0; i + 1 < s.length; i++) {
            delta.merge(pair(s[i], s[i + 1]), -f, Long::sum);
        }
        int[] out = new int[s.length];
        int k = 0;
        for (int i = 0; i < s.length; i++) {
            if (i + 1 < s.length && s[i] == a && s[i + 1] == b) {
                out[k++] = id;
                i++;
            } else {
                out[k++] = s[i];
            }
        }
        int[] merged = Arrays.copyOf(out, k);
        for (int i = 0; i + 1 < merged.length; i++) {
            long q = pair(merged[i], merged[i + 1]);
            delta.merge(q, f, Long::sum);
            if (merged[i] == id || merged[i + 1] == id) {
                index.addWord(q, w);
            }
        }
        return merged;
    }

    static long pair(int a, int b) {
        return ((long) a << 32) | (b & 0xFFFFFFFFL);
    }
}
