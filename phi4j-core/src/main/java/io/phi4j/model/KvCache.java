package io.phi4j.model;

import io.phi4j.PhiException;

import java.util.Arrays;

/**
 * Keys and values of every layer for positions {@code [0, capacity)}, in float32 (the precision llama.cpp's
 * reference runs use with an F32 cache). Layout per layer: {@code [position][kvHead * headDim + d]}.
 *
 * <p>The arrays grow with the positions actually used instead of being allocated for the whole context at once: Java
 * zeroes a new array, so a full-size cache is resident from the start — 1.3 GB for Phi-2's 2,048 positions, which
 * made a one-line prompt on a 1.6 GB Q4_0 file peak at twice the file's size. Nothing is allocated until the first
 * pass; a pass makes room for all its positions at once (a 128-token prompt allocates 128 positions, not 64 and
 * then a copy at 128), and a cache that must grow at least doubles, from {@value #FIRST_POSITIONS} positions.
 * Whether the whole context fits is still checked up front.
 */
public final class KvCache {
    static final int FIRST_POSITIONS = 64;

    private final int capacity;
    private final int kvDim;
    final float[][] keys;
    final float[][] values;

    public KvCache(PhiConfig config, int capacity) {
        if (capacity <= 0 || capacity > config.contextLength()) {
            throw new PhiException("context size " + capacity + " must be between 1 and the model's "
                    + config.contextLength());
        }
        long bytes = 2L * config.numLayers() * capacity * config.kvDim() * Float.BYTES;
        long free = Runtime.getRuntime().maxMemory() - (Runtime.getRuntime().totalMemory() - Runtime.getRuntime().freeMemory());
        if (bytes > free) {
            throw new PhiException(String.format("a KV cache for %d positions needs %.1f GB but only %.1f GB of heap is free;"
                    + " use a smaller context or a larger -Xmx", capacity, bytes / 1e9, free / 1e9));
        }
        this.capacity = capacity;
        this.kvDim = config.kvDim();
        this.keys = new float[config.numLayers()][0];
        this.values = new float[config.numLayers()][0];
    }

    /** Positions the arrays hold now (at most {@link #capacity()}). */
    int allocatedPositions() {
        return keys[0].length / kvDim;
    }

    /** Makes room for positions {@code [0, positions)}; the forward pass calls it before writing a position. */
    void ensure(int positions) {
        int have = allocatedPositions();
        if (positions <= have) {
            return;
        }
        if (positions > capacity) {
            throw new PhiException("context full: position " + (positions - 1) + " in a context of " + capacity);
        }
        int grown = (int) Math.min(capacity, Math.max(positions, Math.max(FIRST_POSITIONS, 2L * have)));
        for (int l = 0; l < keys.length; l++) {
            keys[l] = Arrays.copyOf(keys[l], grown * kvDim);
            values[l] = Arrays.copyOf(values[l], grown * kvDim);
        }
    }

    public int capacity() {
        return capacity;
    }

    public int kvDim() {
        return kvDim;
    }

    /** Copies positions {@code [0, length)} of {@code other} into this cache (prefix reuse). */
    public void copyPrefixFrom(KvCache other, int length) {
        ensure(length);
        for (int l = 0; l < keys.length; l++) {
            System.arraycopy(other.keys[l], 0, keys[l], 0, length * kvDim);
            System.arraycopy(other.values[l], 0, values[l], 0, length * kvDim);
        }
    }
}
