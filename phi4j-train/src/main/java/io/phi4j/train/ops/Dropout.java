package io.phi4j.train.ops;

import io.phi4j.kernel.WorkerPool;

/**
 * Inverted dropout ({@code torch.nn.Dropout} in training mode: zero with probability p, scale the rest by
 * 1/(1-p)) whose mask is a pure function of a 64-bit key and the element index (a SplitMix64 hash). The mask
 * is never stored: the backward pass recomputes it from the same key. Keys derive from the run seed, the step,
 * the micro-batch and the site, so a resumed run draws exactly the masks the uninterrupted one would.
 */
public final class Dropout {
    private Dropout() {
    }

    /** SplitMix64's finalizer: a bijective mix of 64 bits. */
    public static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
        z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
        return z ^ (z >>> 31);
    }

    /** A key for one dropout site from the run's coordinates. */
    public static long key(long seed, long step, int micro, int site) {
        return mix(mix(mix(seed ^ 0x5851f42d4c957f2dL) + step) + ((long) micro << 32 | site));
    }

    private static boolean keep(long key, int index, long threshold) {
        return (mix(key + index * 0x9e3779b97f4a7c15L) >>> 40) >= threshold;
    }

    private static long threshold(float p) {
        return (long) Math.ceil(p * (double) (1L << 24));
    }

    /** Whether element {@code index} survives under {@code key} with drop probability {@code p}. */
    public static boolean keeps(long key, int index, float p) {
        return keep(key, index, threshold(p));
    }

    /** {@code x[i] = keep(i) ? x[i] / (1 - p) : 0} for {@code i < n}; both passes call this (the backward on the gradient). */
    public static void apply(WorkerPool pool, float[] x, int n, float p, long key) {
        if (p <= 0f) {
            return;
        }
        long threshold = threshold(p);
        float scale = 1f / (1f - p);
        pool.parallelFor((n + 4095) / 4096, (from, to) -> {
            for (int i = from * 4096, end = Math.min(n, to * 4096); i < end; i++) {
                x[i] = keep(key, i, threshold) ? x[i] * scale : 0f;
            }
        });
    }
}
