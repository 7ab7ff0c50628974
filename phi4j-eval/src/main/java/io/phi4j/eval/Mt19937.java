package io.phi4j.eval;

/**
 * The 32-bit Mersenne Twister, seeded either as C++ {@code std::mt19937(seed)} (llama.cpp's task selection) or
 * as CPython's {@code random.Random(seed)} ({@code init_by_array}, the harness's few-shot sampler).
 */
public final class Mt19937 {
    private static final int N = 624, M = 397;
    private final int[] mt = new int[N];
    private int mti;

    private Mt19937() {
    }

    /** {@code std::mt19937 rng(seed)}. */
    public static Mt19937 cpp(int seed) {
        Mt19937 r = new Mt19937();
        r.initGenrand(seed);
        return r;
    }

    /** {@code random.Random(seed)} for a non-negative int seed (CPython {@code init_by_array}). */
    public static Mt19937 python(long seed) {
        if (seed < 0) {
            seed = -seed; // CPython seeds with abs(n)
        }
        int[] key = seed >>> 32 == 0 ? new int[] {(int) seed} : new int[] {(int) seed, (int) (seed >>> 32)};
        Mt19937 r = new Mt19937();
        r.initGenrand(19650218);
        int i = 1, j = 0;
        for (int k = Math.max(N, key.length); k > 0; k--) {
            r.mt[i] = (r.mt[i] ^ ((r.mt[i - 1] ^ (r.mt[i - 1] >>> 30)) * 1664525)) + key[j] + j;
            i++;
            j++;
            if (i >= N) {
                r.mt[0] = r.mt[N - 1];
                i = 1;
            }
            if (j >= key.length) {
                j = 0;
            }
        }
        for (int k = N - 1; k > 0; k--) {
            r.mt[i] = (r.mt[i] ^ ((r.mt[i - 1] ^ (r.mt[i - 1] >>> 30)) * 1566083941)) - i;
            i++;
            if (i >= N) {
                r.mt[0] = r.mt[N - 1];
                i = 1;
            }
        }
        r.mt[0] = 0x80000000;
        return r;
    }

    private void initGenrand(int s) {
        mt[0] = s;
        for (mti = 1; mti < N; mti++) {
            mt[mti] = 1812433253 * (mt[mti - 1] ^ (mt[mti - 1] >>> 30)) + mti;
        }
    }

    /** The next 32-bit output, as an unsigned value. */
    public long next() {
        if (mti >= N) {
            int kk;
            for (kk = 0; kk < N - M; kk++) {
                int y = (mt[kk] & 0x80000000) | (mt[kk + 1] & 0x7fffffff);
                mt[kk] = mt[kk + M] ^ (y >>> 1) ^ ((y & 1) != 0 ? 0x9908b0df : 0);
            }
            for (; kk < N - 1; kk++) {
                int y = (mt[kk] & 0x80000000) | (mt[kk + 1] & 0x7fffffff);
                mt[kk] = mt[kk + (M - N)] ^ (y >>> 1) ^ ((y & 1) != 0 ? 0x9908b0df : 0);
            }
            int y = (mt[N - 1] & 0x80000000) | (mt[0] & 0x7fffffff);
            mt[N - 1] = mt[M - 1] ^ (y >>> 1) ^ ((y & 1) != 0 ? 0x9908b0df : 0);
            mti = 0;
        }
        int y = mt[mti++];
        y ^= y >>> 11;
        y ^= (y << 7) & 0x9d2c5680;
        y ^= (y << 15) & 0xefc60000;
        y ^= y >>> 18;
        return y & 0xffffffffL;
    }

    /**
     * libstdc++'s {@code std::uniform_int_distribution<size_t>(0, n-1)(rng)} for a 32-bit engine and
     * {@code n <= 2^32}: Lemire's multiply-and-reject ({@code _S_nd} in bits/uniform_int_dist.h).
     */
    public long cppUniformBelow(long n) {
        long product = next() * n;
        long low = product & 0xffffffffL;
        if (low < n) {
            long threshold = ((1L << 32) - n) % n;
            while (low < threshold) {
                product = next() * n;
                low = product & 0xffffffffL;
            }
        }
        return product >>> 32;
    }

    /** CPython {@code getrandbits(k)} for {@code k <= 32}. */
    public long pyGetrandbits(int k) {
        return next() >>> (32 - k);
    }

    /** CPython {@code _randbelow_with_getrandbits(n)}. */
    public int pyRandbelow(int n) {
        if (n <= 0) {
            return 0;
        }
        int k = 32 - Integer.numberOfLeadingZeros(n);
        long r = pyGetrandbits(k);
        while (r >= n) {
            r = pyGetrandbits(k);
        }
        return (int) r;
    }

    /** CPython {@code random.sample(population, k)}: the indices it picks, in order. */
    public int[] pySampleIndices(int n, int k) {
        if (k > n || k < 0) {
            throw new IllegalArgumentException("sample larger than population or is negative");
        }
        int[] result = new int[k];
        int setsize = 21;
        if (k > 5) {
            setsize += (int) Math.pow(4, Math.ceil(Math.log(k * 3) / Math.log(4)));
        }
        if (n <= setsize) {
            int[] pool = new int[n];
            for (int i = 0; i < n; i++) {
                pool[i] = i;
            }
            for (int i = 0; i < k; i++) {
                int j = pyRandbelow(n - i);
                result[i] = pool[j];
                pool[j] = pool[n - i - 1];
            }
        } else {
            java.util.Set<Integer> selected = new java.util.HashSet<>();
            for (int i = 0; i < k; i++) {
                int j = pyRandbelow(n);
                while (selected.contains(j)) {
                    j = pyRandbelow(n);
                }
                selected.add(j);
                result[i] = j;
            }
        }
        return result;
    }
}
