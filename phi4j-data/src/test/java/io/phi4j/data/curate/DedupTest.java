package io.phi4j.data.curate;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class DedupTest {
    /** {@code n} distinct words with a prefix, so documents made from different prefixes share nothing. */
    static List<String> words(String prefix, int n) {
        List<String> w = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            w.add(prefix + i);
        }
        return w;
    }

    /**
     * A copy of {@code base} with its last {@code m} words replaced: with 5-word shingles over n distinct words the
     * Jaccard similarity is exactly (n − 4 − m) / (n − 4 + m).
     */
    static List<String> nearCopy(List<String> base, int m, String prefix) {
        List<String> c = new ArrayList<>(base.subList(0, base.size() - m));
        c.addAll(words(prefix, m));
        return c;
    }

    static double jaccard(int n, int m) {
        return (n - 4.0 - m) / (n - 4.0 + m);
    }

    static ObjectNode doc(String id, List<String> words) {
        ObjectNode d = Docs.newDoc();
        d.put("id", id);
        d.put("text", String.join(" ", words));
        return d;
    }

    static DedupResult run(Deduplicator d, List<ObjectNode> docs) {
        List<DedupSignature> sigs = new ArrayList<>();
        for (int i = 0; i < docs.size(); i++) {
            sigs.add(d.signature(i, docs.get(i), "doc " + i));
        }
        return d.cluster(sigs);
    }

    @Test
    void exactCopiesDifferingOnlyInWhitespaceAreRemovedAndTheFirstIsKept() {
        List<String> w = words("a", 60);
        ObjectNode a = doc("a", w), b = doc("b", words("b", 60));
        ObjectNode a2 = Docs.newDoc().put("id", "a2").put("text", "  " + String.join("\n", w) + "\n\n");
        DedupResult r = run(new Deduplicator(DedupOptions.DEFAULTS), List.of(a, b, a2));
        assertThat(r.exactDuplicates()).isEqualTo(1);
        assertThat(r.nearDuplicates()).isZero();
        assertThat(r.isRemoved(0)).isFalse();
        assertThat(r.isRemoved(1)).isFalse();
        assertThat(r.isRemoved(2)).isTrue();
        assertThat(r.clusters()).containsExactly(new DedupResult.Cluster("a", List.of(new DedupResult.Removed("a2", 1.0, true))));
    }

    @ParameterizedTest
    @CsvSource({"1, 200, 10", "2, 300, 8", "3, 150, 5"})
    void nearCopiesAboveTheThresholdAreClusteredWithTheirOriginal(long seed, int n, int m) {
        assertThat(jaccard(n, m)).isGreaterThan(0.88);
        List<String> base = words("w" + seed + "_", n);
        List<ObjectNode> docs = List.of(doc("other", words("o", n)), doc("orig", base), doc("copy", nearCopy(base, m, "x")));
        DedupOptions o = new DedupOptions(5, new LshParams(20, 5), 0.8, seed, true, true);
        DedupResult r = run(new Deduplicator(o), docs);
        assertThat(r.nearDuplicates()).isEqualTo(1);
        assertThat(r.isRemoved(2)).isTrue();
        DedupResult.Cluster c = r.clusters().getFirst();
        assertThat(c.kept()).isEqualTo("orig");
        assertThat(c.removed().getFirst().id()).isEqualTo("copy");
        assertThat(c.removed().getFirst().exact()).isFalse();
        // 100 permutations: the estimate's standard deviation is about 0.03
        assertThat(c.removed().getFirst().similarity()).isCloseTo(jaccard(n, m), within(0.1));
    }

    @Test
    void clustersAreTransitiveAndKeepTheirFirstDocument() {
        List<String> a = words("t", 300);
        List<String> b = nearCopy(a, 10, "u");   // J(a,b) ≈ 0.935
        List<String> c = nearCopy(b, 20, "v");   // J(b,c) ≈ 0.875
        DedupResult r = run(new Deduplicator(DedupOptions.DEFAULTS), List.of(doc("a", a), doc("b", b), doc("c", c)));
        assertThat(r.clusters()).hasSize(1);
        assertThat(r.clusters().getFirst().kept()).isEqualTo("a");
        assertThat(r.clusters().getFirst().removed()).extracting(DedupResult.Removed::id).containsExactly("b", "c");
        assertThat(r.kept()).isEqualTo(1);
    }

    /**
     * The S-curve at work: pairs at Jaccard 0.6 become LSH candidates with probability 1 − (1 − 0.6⁵)²⁰ ≈ 0.80 but are
     * never confirmed at threshold 0.8; pairs at 0.3 rarely become candidates (≈ 0.05).
     */
    @ParameterizedTest
    @CsvSource({"204, 50, 0.6, 0.80", "204, 107, 0.3, 0.047"})
    void documentsWellBelowTheThresholdAreNotRemoved(int n, int m, double j, double pCandidate) {
        assertThat(jaccard(n, m)).isCloseTo(j, within(0.005));
        List<ObjectNode> docs = new ArrayList<>();
        int pairs = 200;
        for (int p = 0; p < pairs; p++) {
            List<String> base = words("p" + p + "_", n);
            docs.add(doc(p + "a", base));
            docs.add(doc(p + "b", nearCopy(base, m, "q" + p + "_")));
        }
        LshParams lsh = new LshParams(20, 5);
        assertThat(lsh.candidateProbability(jaccard(n, m))).isCloseTo(pCandidate, within(0.01));
        DedupResult r = run(new Deduplicator(new DedupOptions(5, lsh, 0.8, 7, true, true)), docs);
        assertThat(r.removed().cardinality()).isZero();
        // candidate pairs found ≈ binomial(200, p): within four standard deviations
        double sd = Math.sqrt(pairs * pCandidate * (1 - pCandidate));
        assertThat((double) r.candidatePairs()).isCloseTo(pairs * pCandidate, within(4 * sd + 1));
    }

    @Test
    void minHashEstimatesJaccardWithoutBias() {
        MinHash mh = new MinHash(256, 5, 3);
        SplittableRandom rnd = new SplittableRandom(11);
        double sumErr = 0;
        int trials = 40;
        for (int t = 0; t < trials; t++) {
            int n = 100 + rnd.nextInt(200), m = rnd.nextInt(n / 2);
            List<String> base = words("r" + t + "_", n);
            double est = MinHash.similarity(mh.signature(String.join(" ", base)),
                    mh.signature(String.join(" ", nearCopy(base, m, "s" + t + "_"))));
            sumErr += est - jaccard(n, m);
        }
        assertThat(sumErr / trials).isCloseTo(0, within(0.02));
    }

    @Test
    void optimalBandingCentresTheSCurveNearTheThreshold() {
        for (double t : new double[] {0.5, 0.7, 0.8, 0.9}) {
            LshParams p = LshParams.optimal(t, 100);
            assertThat(p.permutations()).isLessThanOrEqualTo(100);
            assertThat(p.candidateProbability(Math.min(t + 0.15, 0.99))).as("t=%s %s", t, p).isGreaterThan(0.8);
            assertThat(p.candidateProbability(t - 0.25)).as("t=%s %s", t, p).isLessThan(0.2);
        }
        assertThat(DedupOptions.of(null, null, null, 0.8, 100, 1, true, true).lsh()).isEqualTo(LshParams.optimal(0.8, 100));
        assertThat(DedupOptions.of(null, 10, 10, null, null, 1, true, true).lsh()).isEqualTo(new LshParams(10, 10));
    }

    @Test
    void documentsWithoutWordsAreOnlyComparedExactly() {
        DedupResult r = run(new Deduplicator(DedupOptions.DEFAULTS),
                List.of(doc("p1", List.of("!!!")), doc("p2", List.of("???")), doc("p3", List.of("!!!"))));
        assertThat(r.exactDuplicates()).isEqualTo(1);
        assertThat(r.isRemoved(1)).isFalse();
        assertThat(r.isRemoved(2)).isTrue();
    }
}
