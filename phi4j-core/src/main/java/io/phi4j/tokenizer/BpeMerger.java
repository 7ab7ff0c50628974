package io.phi4j.tokenizer;

import java.util.Arrays;

/**
 * Byte-level BPE on one pre-tokenized word: start from one token per byte, then repeatedly merge the adjacent
 * pair with the lowest merge rank, the leftmost one among equals, until no pair has a rule. This is the order
 * both Hugging Face ({@code Word::merge_all}, a heap of (rank, position)) and llama.cpp
 * ({@code llm_tokenizer_bpe_session}, a queue ordered by rank then left position) use; it differs from
 * OpenAI's original "merge every occurrence of the best pair at once" only for merge lists whose ranks are not
 * in training order, and matches the two implementations we follow.
 *
 * <p>Symbols live in a doubly linked list over arrays; candidate pairs sit in a binary min-heap of
 * {@code rank << 32 | leftPosition} longs (so rank, then position, orders them) and are checked for staleness
 * when popped, giving O(n log n) for very long words (runs of punctuation, base64 blobs).
 * Not thread-safe: each encoding thread uses its own instance.
 */
final class BpeMerger {
    private final MergeTable merges;
    /** Token id of each single byte, -1 if the vocabulary lacks it (that byte is then dropped, as HF and llama.cpp do). */
    private final int[] byteTokens;

    private int[] ids = new int[64];
    private int[] prev = new int[64];
    private int[] next = new int[64];
    private long[] heap = new long[64];
    private int heapSize;

    BpeMerger(MergeTable merges, int[] byteTokens) {
        this.merges = merges;
        this.byteTokens = byteTokens;
    }

    /** The token ids of {@code word[from, to)} (UTF-8 bytes of one word). */
    int[] encode(byte[] word, int from, int to) {
        int n = to - from;
        if (n == 0) {
            return new int[0];
        }
        if (n == 1) {
            int id = byteTokens[word[from] & 0xFF];
            return id < 0 ? new int[0] : new int[] {id};
        }
        ensureCapacity(n);
        for (int i = 0; i < n; i++) {
            ids[i] = byteTokens[word[from + i] & 0xFF];
            prev[i] = i - 1;
            next[i] = i + 1 < n ? i + 1 : -1;
        }
        heapSize = 0;
        for (int i = 0; i + 1 < n; i++) {
            pushPair(i, i + 1);
        }
        while (heapSize > 0) {
            long top = pop();
            int rank = (int) (top >>> 32);
            int left = (int) top;
            int right = next[left];
            if (ids[left] < 0 || right < 0) {
                continue; // left was merged away (marked -2) or has no right neighbour any more
            }
            long rule = merges.find(ids[left], ids[right]);
            if (rule < 0 || (int) (rule >>> 32) != rank) {
                continue; // stale: the pair at this position changed since it was queued
            }
            ids[left] = (int) rule;
            int after = next[right];
            next[left] = after;
            if (after >= 0) {
                prev[after] = left;
            }
            ids[right] = -2;
            if (prev[left] >= 0) {
                pushPair(prev[left], left);
            }
            if (after >= 0) {
                pushPair(left, after);
            }
        }
        int count = 0;
        for (int i = 0; i >= 0; i = next[i]) {
            if (ids[i] >= 0) {
                count++;
            }
        }
        int[] out = new int[count];
        int k = 0;
        for (int i = 0; i >= 0; i = next[i]) {
            if (ids[i] >= 0) {
                out[k++] = ids[i];
            }
        }
        return out;
    }

    private void pushPair(int left, int right) {
        int a = ids[left];
        int b = ids[right];
        if (a < 0 || b < 0) {
            return;
        }
        long rule = merges.find(a, b);
        if (rule < 0) {
            return;
        }
        long entry = (rule & 0xFFFFFFFF00000000L) | left;
        if (heapSize == heap.length) {
            heap = Arrays.copyOf(heap, heapSize * 2);
        }
        int i = heapSize++;
        while (i > 0) {
            int parent = (i - 1) >>> 1;
            if (heap[parent] <= entry) {
                break;
            }
            heap[i] = heap[parent];
            i = parent;
        }
        heap[i] = entry;
    }

    private long pop() {
        long top = heap[0];
        long last = heap[--heapSize];
        int i = 0;
        int half = heapSize >>> 1;
        while (i < half) {
            int child = 2 * i + 1;
            if (child + 1 < heapSize && heap[child + 1] < heap[child]) {
                child++;
            }
            if (last <= heap[child]) {
                break;
            }
            heap[i] = heap[child];
            i = child;
        }
        heap[i] = last;
        return top;
    }

    private void ensureCapacity(int n) {
        if (ids.length < n) {
            int cap = Math.max(n, ids.length * 2);
            ids = new int[cap];
            prev = new int[cap];
            next = new int[cap];
        }
    }
}
