package io.phi4j.model;

import io.phi4j.PhiException;

/**
 * Keys and values of every layer for positions {@code [0, capacity)}, in float32 (the precision llama.cpp's
 * reference runs use with an F32 cache). Layout per layer: {@code [position][kvHead * headDim + d]}.
 */
public final class KvCache {
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
        this.keys = new float[config.numLayers()][capacity * kvDim];
        this.values = new float[config.numLayers()][capacity * kvDim];
    }

    public int capacity() {
        return capacity;
    }

    public int kvDim() {
        return kvDim;
    }

    /** Copies positions {@code [0, length)} of {@code other} into this cache (prefix reuse). */
    public void copyPrefixFrom(KvCache other, int length) {
        for (int l = 0; l < keys.length; l++) {
            System.arraycopy(other.keys[l], 0, keys[l], 0, length * kvDim);
            System.arraycopy(other.values[l], 0, values[l], 0, length * kvDim);
        }
    }
}
