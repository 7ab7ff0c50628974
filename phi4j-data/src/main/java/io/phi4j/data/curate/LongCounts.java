package io.phi4j.data.curate;

/**
 * Counts of 64-bit keys in an open-addressing table (linear probing), for the n-gram repetition rules: a
 * document of 100 000 words checks nine n-gram sizes, and boxed {@code HashMap<Long, …>} entries would dominate
 * the cost.
 */
final class LongCounts {
    private long[] keys;
    private int[] counts;
    private boolean[] used;
    private int size;

    LongCounts(int expected) {
        int cap = Integer.highestOneBit(Math.max(16, expected * 2 - 1)) << 1;
        keys = new long[cap];
        counts = new int[cap];
        used = new boolean[cap];
    }

    /** Adds one to {@code key}'s count and returns the new count. */
    int increment(long key) {
        if (size * 2 >= keys.length) {
            grow();
        }
        int mask = keys.length - 1;
        int i = (int) MinHash.mix(key) & mask;
        while (used[i]) {
            if (keys[i] == key) {
                return ++counts[i];
            }
            i = (i + 1) & mask;
        }
        used[i] = true;
        keys[i] = key;
        counts[i] = 1;
        size++;
        return 1;
    }

    private void grow() {
        long[] k = keys;
        int[] c = counts;
        boolean[] u = used;
        keys = new long[k.length * 2];
        counts = new int[k.length * 2];
        used = new boolean[k.length * 2];
        size = 0;
        int mask = keys.length - 1;
        for (int j = 0; j < k.length; j++) {
            if (u[j]) {
                int i = (int) MinHash.mix(k[j]) & mask;
                while (used[i]) {
                    i = (i + 1) & mask;
                }
                used[i] = true;
                keys[i] = k[j];
                counts[i] = c[j];
                size++;
            }
        }
    }
}
