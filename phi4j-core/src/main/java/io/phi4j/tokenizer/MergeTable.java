package io.phi4j.tokenizer;

/**
 * BPE merge rules keyed by the ids of the two tokens being merged: {@code (left, right) → (rank, merged id)}.
 * An open-addressing table of primitive longs, because a lookup happens for every adjacent pair in every word
 * and boxing a {@code HashMap<Long, ...>} would dominate encoding time.
 */
final class MergeTable {
    private static final long EMPTY = -1L;

    private final long[] keys;
    private final long[] values;
    private final int mask;
    private int size;

    MergeTable(int expectedEntries) {
        int capacity = Integer.highestOneBit(Math.max(4, expectedEntries * 2 - 1)) << 1;
        keys = new long[capacity];
        values = new long[capacity];
        java.util.Arrays.fill(keys, EMPTY);
        mask = capacity - 1;
    }

    private static long key(int left, int right) {
        return ((long) left << 32) | (right & 0xFFFFFFFFL);
    }

    private static int slot(long key, int mask) {
        long h = key * 0x9E3779B97F4A7C15L;
        return (int) (h >>> 40) & mask;
    }

    /**
     * Adds a rule unless the pair already has one, so the first (lowest-rank) occurrence of a duplicated merge
     * line wins, as in llama.cpp ({@code bpe_ranks.emplace}). Hugging Face collects merges into a map where
     * the last duplicate wins; real vocabularies have no duplicates. Returns false for a duplicate.
     */
    boolean putIfAbsent(int left, int right, int rank, int merged) {
        if (size * 2 >= keys.length) {
            throw new IllegalStateException("MergeTable sized for fewer entries");
        }
        long k = key(left, right);
        int i = slot(k, mask);
        while (keys[i] != EMPTY) {
            if (keys[i] == k) {
                return false;
            }
            i = (i + 1) & mask;
        }
        keys[i] = k;
        values[i] = ((long) rank << 32) | (merged & 0xFFFFFFFFL);
        size++;
        return true;
    }

    /** {@code rank << 32 | mergedId} for the pair, or -1 if the pair never merges. */
    long find(int left, int right) {
        long k = key(left, right);
        int i = slot(k, mask);
        while (true) {
            long existing = keys[i];
            if (existing == k) {
                return values[i];
            }
            if (existing == EMPTY) {
                return -1L;
            }
            i = (i + 1) & mask;
        }
    }

    int size() {
        return size;
    }
}
