package io.phi4j.model;

import io.phi4j.tensor.TensorEncoder;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Fresh weights for a Phi model, as a training run starts from: Hugging Face's
 * {@code PhiPreTrainedModel._init_weights} (transformers {@code PreTrainedModel._init_weights}) draws every
 * {@code nn.Linear} and {@code nn.Embedding} weight from N(0, initializer_range²) (0.02 for every Phi config),
 * zeroes every bias, sets LayerNorm weights to 1 and biases to 0, and zeroes the embedding row of
 * {@code pad_token_id} when the config has one (Phi's configs have none).
 *
 * <p>Values are a pure function of (seed, tensor name, row): each row has its own random stream, so a tensor can
 * be produced a chunk of rows at a time, in parallel and in any order, and always gives the same numbers. That
 * is what lets {@code phi init} stream a full-size model to disk, and a trainer re-create its starting point.
 */
public final class WeightInit {
    /** transformers' {@code initializer_range} default, used by every Phi config. */
    public static final double DEFAULT_STD = 0.02;

    /** How a tensor is initialised. */
    public enum Kind {
        /** N(0, std²): linear and embedding weights. */
        NORMAL,
        /** All zeros: biases. */
        ZEROS,
        /** All ones: LayerNorm weights. */
        ONES
    }

    private final long seed;
    private final double std;
    private final int padTokenId;

    /**
     * @param seed       the run's seed
     * @param std        standard deviation of the normal weights ({@code initializer_range})
     * @param padTokenId embedding row set to zero, or -1 for none
     */
    public WeightInit(long seed, double std, int padTokenId) {
        if (!(std >= 0) || Double.isInfinite(std)) {
            throw new IllegalArgumentException("standard deviation must be a finite non-negative number: " + std);
        }
        this.seed = seed;
        this.std = std;
        this.padTokenId = padTokenId;
    }

    /** The defaults of a Phi config: std 0.02, no padding token. */
    public static WeightInit of(long seed) {
        return new WeightInit(seed, DEFAULT_STD, -1);
    }

    /** The initialisation of a canonical tensor name ({@link TensorNames}). */
    public static Kind kindOf(String name) {
        if (name.endsWith(".bias")) {
            return Kind.ZEROS;
        }
        if (name.startsWith(TensorNames.OUTPUT_NORM + ".") || name.contains("." + TensorNames.ATTN_NORM + ".")) {
            return Kind.ONES;
        }
        return Kind.NORMAL;
    }

    /**
     * Writes rows {@code first .. first + count} of tensor {@code name} (rows of {@code cols} elements; a 1-D
     * tensor is one row) into {@code dst[0 .. count * cols)}.
     */
    public void fill(String name, long first, int count, int cols, float[] dst) {
        int n = Math.multiplyExact(count, cols);
        switch (kindOf(name)) {
            case ZEROS -> Arrays.fill(dst, 0, n, 0f);
            case ONES -> Arrays.fill(dst, 0, n, 1f);
            case NORMAL -> {
                long nameHash = fnv1a64(name);
                boolean embedding = name.equals(TensorNames.TOKEN_EMBD);
                for (int r = 0; r < count; r++) {
                    long row = first + r;
                    int off = r * cols;
                    if (embedding && row == padTokenId) {
                        Arrays.fill(dst, off, off + cols, 0f);
                        continue;
                    }
                    SplittableRandom rng = new SplittableRandom(mix(seed, nameHash, row));
                    for (int i = 0; i < cols; i++) {
                        dst[off + i] = (float) (rng.nextGaussian() * std);
                    }
                }
            }
        }
    }

    /** The rows of tensor {@code name} as an encoder source. */
    public TensorEncoder.RowSource rows(String name, int cols) {
        return (first, count, dst) -> fill(name, first, count, cols, dst);
    }

    /** One seed per (run seed, tensor, row), well mixed (SplitMix64's finalizer over the combined bits). */
    static long mix(long seed, long nameHash, long row) {
        long z = seed * 0x9E3779B97F4A7C15L + nameHash;
        z = (z ^ (z >>> 31)) * 0xBF58476D1CE4E5B9L + row;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /** FNV-1a over the name's UTF-8 bytes: a hash that no JVM detail can change. */
    static long fnv1a64(String s) {
        long h = 0xcbf29ce484222325L;
        for (byte b : s.getBytes(StandardCharsets.UTF_8)) {
            h ^= b & 0xFF;
            h *= 0x100000001b3L;
        }
        return h;
    }
}
