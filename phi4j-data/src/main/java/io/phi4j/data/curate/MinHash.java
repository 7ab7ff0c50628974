package io.phi4j.data.curate;

import java.io.Serializable;
import java.util.SplittableRandom;

/**
 * MinHash signatures over word shingles (Broder 1997; as in datasketch and datatrove's MinhashDedup): the text is
 * lower-cased and split into words at every character that is not a letter or digit; each run of {@code shingle}
 * consecutive words is hashed to 64 bits; permutation i maps a shingle hash x to mix(a_i·x + b_i) with seeded odd
 * a_i and b_i, and the signature keeps each permutation's minimum (the top 31 bits). The fraction of equal
 * positions of two signatures estimates the Jaccard similarity of their shingle sets.
 */
public final class MinHash implements Serializable {
    private final int shingle;
    private final long[] a;
    private final long[] b;

    public MinHash(int permutations, int shingle, long seed) {
        if (permutations < 1 || permutations > 4096) {
            throw new io.phi4j.PhiException("number of MinHash permutations must be in 1..4096, got " + permutations);
        }
        if (shingle < 1 || shingle > 64) {
            throw new io.phi4j.PhiException("shingle size must be in 1..64 words, got " + shingle);
        }
        this.shingle = shingle;
        SplittableRandom rnd = new SplittableRandom(seed);
        a = new long[permutations];
        b = new long[permutations];
        for (int i = 0; i < permutations; i++) {
            a[i] = rnd.nextLong() | 1;
            b[i] = rnd.nextLong();
        }
    }

    public int permutations() {
        return a.length;
    }

    /** The signature, or null when the text has no words (it then cannot be a near-duplicate of anything). */
    public int[] signature(String text) {
        long[] words = wordHashes(text);
        if (words.length == 0) {
            return null;
        }
        int[] sig = new int[a.length];
        java.util.Arrays.fill(sig, Integer.MAX_VALUE);
        int count = Math.max(1, words.length - shingle + 1);
        for (int s = 0; s < count; s++) {
            long h = 0x6a09e667f3bcc909L;
            for (int w = s; w < Math.min(words.length, s + shingle); w++) {
                h = mix(h ^ words[w]) * 0x9e3779b97f4a7c15L;
            }
            h = mix(h);
            for (int i = 0; i < sig.length; i++) {
                int v = (int) (mix(a[i] * h + b[i]) >>> 33);
                if (v < sig[i]) {
                    sig[i] = v;
                }
            }
        }
        return sig;
    }

    /** Fraction of positions where two signatures agree: an unbiased estimate of the Jaccard similarity. */
    public static double similarity(int[] x, int[] y) {
        int same = 0;
        for (int i = 0; i < x.length; i++) {
            if (x[i] == y[i]) {
                same++;
            }
        }
        return (double) same / x.length;
    }

    /** 64-bit hashes of the lower-cased words of {@code text}, in order. */
    static long[] wordHashes(String text) {
        long[] out = new long[16];
        int n = 0;
        int i = 0;
        int len = text.length();
        while (i < len) {
            int cp = text.codePointAt(i);
            if (!Character.isLetterOrDigit(cp)) {
                i += Character.charCount(cp);
                continue;
            }
            long h = 0xcbf29ce484222325L;
            while (i < len) {
                cp = text.codePointAt(i);
                if (!Character.isLetterOrDigit(cp)) {
                    break;
                }
                h = (h ^ Character.toLowerCase(cp)) * 0x100000001b3L;
                i += Character.charCount(cp);
            }
            if (n == out.length) {
                out = java.util.Arrays.copyOf(out, n * 2);
            }
            out[n++] = mix(h);
        }
        return java.util.Arrays.copyOf(out, n);
    }

    /** SplitMix64's finaliser: a bijection that spreads every input bit over the output. */
    static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
        z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
        return z ^ (z >>> 31);
    }
}
