package io.phi4j.generate;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class SamplerTest {
    private static float[] logitsOf(double... probs) {
        float[] l = new float[probs.length];
        for (int i = 0; i < probs.length; i++) {
            l[i] = (float) Math.log(probs[i]);
        }
        return l;
    }

    @Test
    void greedyPicksTheArgmaxAndTheLowestIdOnTies() {
        Sampler s = new Sampler(GenerationOptions.greedy(1));
        assertThat(s.sample(new float[] {0.1f, 3f, -2f, 3f}, 0, 4, new int[0], 0)).isEqualTo(1);
        assertThat(s.sample(new float[] {9f, 0.1f, 3f, -2f, 3f}, 1, 4, new int[0], 0)).isEqualTo(1);
    }

    @Test
    void sameSeedSameTokensOtherSeedOtherTokens() {
        float[] logits = new float[1000];
        SplittableRandom r = new SplittableRandom(1);
        for (int i = 0; i < logits.length; i++) {
            logits[i] = (float) r.nextGaussian();
        }
        GenerationOptions o = GenerationOptions.defaults().withTopK(0).withTopP(1).withMinP(0).withTemperature(1);
        int[] a = draw(new Sampler(o.withSeed(7)), logits, 50);
        int[] b = draw(new Sampler(o.withSeed(7)), logits, 50);
        int[] c = draw(new Sampler(o.withSeed(8)), logits, 50);
        assertThat(a).isEqualTo(b);
        assertThat(a).isNotEqualTo(c);
    }

    private static int[] draw(Sampler s, float[] logits, int n) {
        int[] out = new int[n];
        for (int i = 0; i < n; i++) {
            out[i] = s.sample(logits, 0, logits.length, new int[0], 0);
        }
        return out;
    }

    @Test
    void frequenciesFollowTheDistributionAtTemperatureOne() {
        double[] p = {0.5, 0.3, 0.15, 0.05};
        GenerationOptions o = GenerationOptions.defaults().withTopK(0).withTopP(1).withMinP(0).withTemperature(1).withSeed(3);
        Sampler s = new Sampler(o);
        int n = 40_000;
        int[] counts = new int[4];
        for (int i = 0; i < n; i++) {
            counts[s.sample(logitsOf(p), 0, 4, new int[0], 0)]++;
        }
        for (int i = 0; i < 4; i++) {
            // 5 standard deviations of a binomial count.
            double sd = Math.sqrt(n * p[i] * (1 - p[i]));
            assertThat((double) counts[i]).isCloseTo(n * p[i], within(5 * sd));
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 3})
    void topKKeepsOnlyTheKMostLikely(int k) {
        double[] p = {0.1, 0.4, 0.2, 0.3};
        Sampler s = new Sampler(GenerationOptions.defaults().withTopK(k).withTopP(1).withMinP(0).withTemperature(1).withSeed(k));
        int[] ranked = {1, 3, 2, 0};
        for (int i = 0; i < 2000; i++) {
            int t = s.sample(logitsOf(p), 0, 4, new int[0], 0);
            boolean inTopK = false;
            for (int j = 0; j < k; j++) {
                inTopK |= ranked[j] == t;
            }
            assertThat(inTopK).as("token %d with k=%d", t, k).isTrue();
        }
    }

    @Test
    void topPKeepsTheSmallestSetReachingP() {
        double[] p = {0.1, 0.45, 0.05, 0.4};
        // 0.45 + 0.4 = 0.85 >= 0.8: only tokens 1 and 3 survive.
        Sampler s = new Sampler(GenerationOptions.defaults().withTopK(0).withTopP(0.8).withMinP(0).withTemperature(1).withSeed(5));
        int[] counts = new int[4];
        for (int i = 0; i < 5000; i++) {
            counts[s.sample(logitsOf(p), 0, 4, new int[0], 0)]++;
        }
        assertThat(counts[0]).isZero();
        assertThat(counts[2]).isZero();
        assertThat(counts[1]).isGreaterThan(counts[3]).isPositive();
    }

    @Test
    void minPDropsTokensBelowTheFractionOfTheTopProbability() {
        double[] p = {0.5, 0.26, 0.24};
        // min_p 0.5: keep p >= 0.25, so token 2 (0.24) goes.
        Sampler s = new Sampler(GenerationOptions.defaults().withTopK(0).withTopP(1).withMinP(0.5).withTemperature(1).withSeed(9));
        int[] counts = new int[3];
        for (int i = 0; i < 5000; i++) {
            counts[s.sample(logitsOf(p), 0, 3, new int[0], 0)]++;
        }
        assertThat(counts[2]).isZero();
        assertThat(counts[1]).isPositive();
    }

    @Test
    void repetitionPenaltyDividesPositiveAndMultipliesNegativeLogits() {
        // Token 0 leads by a little; seen tokens are penalised (HF: logit / 2 if > 0, * 2 if < 0).
        float[] logits = {2.0f, 1.5f, -0.1f};
        GenerationOptions o = GenerationOptions.greedy(1).withRepeatPenalty(2.0, 64);
        assertThat(new Sampler(o).sample(logits, 0, 3, new int[] {0}, 1)).isEqualTo(1);
        // With 0 and 1 seen: 1.0, 0.75, -0.1 -> still 0.
        assertThat(new Sampler(o).sample(logits, 0, 3, new int[] {0, 1}, 2)).isEqualTo(0);
        // Only the last N tokens count.
        GenerationOptions last1 = GenerationOptions.greedy(1).withRepeatPenalty(2.0, 1);
        assertThat(new Sampler(last1).sample(logits, 0, 3, new int[] {0, 2}, 2)).isEqualTo(0);
    }

    @Test
    void frequencyAndPresencePenaltiesSubtractFromSeenTokens() {
        float[] logits = {2.0f, 1.5f};
        GenerationOptions o = GenerationOptions.greedy(1).withPenalties(0.2, 0.2);
        // token 0 seen twice: 2.0 - (2*0.2 + 0.2) = 1.4 < 1.5
        assertThat(new Sampler(o).sample(logits, 0, 2, new int[] {0, 0}, 2)).isEqualTo(1);
        assertThat(new Sampler(o).sample(logits, 0, 2, new int[] {0}, 1)).isEqualTo(0);
    }

    @Test
    void lowTemperatureConcentratesOnTheTopToken() {
        double[] p = {0.4, 0.35, 0.25};
        Sampler s = new Sampler(GenerationOptions.defaults().withTopK(0).withTopP(1).withMinP(0).withTemperature(0.05).withSeed(2));
        int top = 0;
        for (int i = 0; i < 1000; i++) {
            top += s.sample(logitsOf(p), 0, 3, new int[0], 0) == 0 ? 1 : 0;
        }
        // (0.35/0.4)^(1/0.05) ≈ 0.069: token 0 wins about 93% of draws.
        assertThat(top).isBetween(880, 970);
    }
}
