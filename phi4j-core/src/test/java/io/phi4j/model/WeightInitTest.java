package io.phi4j.model;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.Arrays;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** Hugging Face's Phi initialisation, reproducible from a seed whatever the chunking. */
class WeightInitTest {
    @Test
    void kindsFollowPhiPreTrainedModelInitWeights() {
        assertThat(WeightInit.kindOf("token_embd.weight")).isEqualTo(WeightInit.Kind.NORMAL);
        assertThat(WeightInit.kindOf("output.weight")).isEqualTo(WeightInit.Kind.NORMAL);
        assertThat(WeightInit.kindOf("blk.3.attn_q.weight")).isEqualTo(WeightInit.Kind.NORMAL);
        assertThat(WeightInit.kindOf("blk.3.ffn_down.weight")).isEqualTo(WeightInit.Kind.NORMAL);
        assertThat(WeightInit.kindOf("blk.3.attn_q.bias")).isEqualTo(WeightInit.Kind.ZEROS);
        assertThat(WeightInit.kindOf("output.bias")).isEqualTo(WeightInit.Kind.ZEROS);
        assertThat(WeightInit.kindOf("blk.3.attn_norm.weight")).isEqualTo(WeightInit.Kind.ONES);
        assertThat(WeightInit.kindOf("blk.3.attn_norm.bias")).isEqualTo(WeightInit.Kind.ZEROS);
        assertThat(WeightInit.kindOf("output_norm.weight")).isEqualTo(WeightInit.Kind.ONES);
    }

    private static float[] rows(WeightInit init, String name, long first, int count, int cols) {
        float[] out = new float[count * cols];
        init.fill(name, first, count, cols, out);
        return out;
    }

    @ParameterizedTest
    @ValueSource(longs = {0, 1, 42, -7})
    void sameSeedSameValuesWhateverTheChunking(long seed) {
        WeightInit a = WeightInit.of(seed), b = WeightInit.of(seed);
        float[] whole = rows(a, "blk.0.ffn_up.weight", 0, 100, 64);
        float[] chunked = new float[100 * 64];
        for (int first = 0; first < 100; first += 7) {
            int n = Math.min(7, 100 - first);
            System.arraycopy(rows(b, "blk.0.ffn_up.weight", first, n, 64), 0, chunked, first * 64, n * 64);
        }
        assertThat(chunked).isEqualTo(whole);
        assertThat(rows(WeightInit.of(seed + 1), "blk.0.ffn_up.weight", 0, 100, 64)).isNotEqualTo(whole);
        assertThat(rows(a, "blk.1.ffn_up.weight", 0, 100, 64)).as("tensors differ").isNotEqualTo(whole);
    }

    @Test
    void normalWeightsHaveMeanZeroAndStd002() {
        float[] v = rows(WeightInit.of(3), "token_embd.weight", 0, 1000, 1000);
        double sum = 0, sq = 0;
        for (float x : v) {
            sum += x;
            sq += (double) x * x;
        }
        double mean = sum / v.length, std = Math.sqrt(sq / v.length - mean * mean);
        assertThat(mean).isCloseTo(0, within(1e-4)); // standard error 2e-5
        assertThat(std).isCloseTo(0.02, within(1e-4));
        long beyond3 = Arrays.stream(toDoubles(v)).filter(x -> Math.abs(x) > 0.06).count();
        assertThat(beyond3 / (double) v.length).isCloseTo(0.0027, within(3e-4)); // P(|z| > 3)
    }

    @Test
    void biasesZeroNormsOneAndThePaddingRowZero() {
        assertThat(rows(WeightInit.of(1), "blk.0.attn_q.bias", 0, 1, 32)).containsOnly(0f);
        assertThat(rows(WeightInit.of(1), "blk.0.attn_norm.weight", 0, 1, 32)).containsOnly(1f);
        WeightInit padded = new WeightInit(1, 0.02, 5);
        float[] e = rows(padded, "token_embd.weight", 4, 3, 16);
        assertThat(Arrays.copyOfRange(e, 16, 32)).containsOnly(0f);
        assertThat(Arrays.copyOfRange(e, 0, 16)).isEqualTo(rows(WeightInit.of(1), "token_embd.weight", 4, 1, 16));
        assertThat(rows(padded, "output.weight", 5, 1, 16)).isEqualTo(rows(WeightInit.of(1), "output.weight", 5, 1, 16));
    }

    @Test
    void stableAcrossReleases() {
        // Pinned values: changing the generator would silently change every model `phi init` writes.
        float[] v = rows(WeightInit.of(0), "blk.0.attn_q.weight", 0, 1, 4);
        assertThat(v).containsExactly(PINNED);
    }

    // SplittableRandom and RandomGenerator.nextGaussian (McFarland's ziggurat) are specified by the JDK.
    static final float[] PINNED = {0.040556636f, 0.030639542f, -0.00988266f, -0.019035297f};

    private static double[] toDoubles(float[] v) {
        double[] d = new double[v.length];
        for (int i = 0; i < v.length; i++) {
            d[i] = v[i];
        }
        return d;
    }
}
