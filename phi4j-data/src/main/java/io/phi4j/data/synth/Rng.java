package io.phi4j.data.synth;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/** Seeded randomness for one lesson, with the small helpers templates need. Not thread-safe. */
public final class Rng {
    private final SplittableRandom random;

    public Rng(long seed) {
        this.random = new SplittableRandom(seed);
    }

    /** The seed of lesson {@code index} of a corpus with seed {@code seed}: a bijective mix (SplitMix64 finalizer). */
    public static long lessonSeed(long seed, long index) {
        long z = seed * 0x9E3779B97F4A7C15L + index;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /** Uniform in {@code [lo, hi]}, both inclusive. */
    public int between(int lo, int hi) {
        return random.nextInt(lo, hi + 1);
    }

    public boolean chance(double p) {
        return random.nextDouble() < p;
    }

    public double nextDouble() {
        return random.nextDouble();
    }

    public <T> T pick(List<T> items) {
        return items.get(random.nextInt(items.size()));
    }

    @SafeVarargs
    public final <T> T pick(T... items) {
        return items[random.nextInt(items.length)];
    }

    /** {@code k} distinct items in random order. */
    public <T> List<T> sample(List<T> items, int k) {
        List<T> copy = new ArrayList<>(items);
        for (int i = 0; i < k; i++) {
            int j = random.nextInt(i, copy.size());
            T t = copy.get(i);
            copy.set(i, copy.get(j));
            copy.set(j, t);
        }
        return new ArrayList<>(copy.subList(0, k));
    }

    /** Index chosen with probability proportional to {@code weights[i]}. */
    public int weighted(double[] weights) {
        double total = 0;
        for (double w : weights) {
            total += w;
        }
        double x = random.nextDouble() * total;
        for (int i = 0; i < weights.length; i++) {
            x -= weights[i];
            if (x < 0) {
                return i;
            }
        }
        return weights.length - 1;
    }
}
