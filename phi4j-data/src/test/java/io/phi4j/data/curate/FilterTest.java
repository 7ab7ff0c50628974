package io.phi4j.data.curate;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.phi4j.convert.Progress;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;

class FilterTest {
    @Test
    void thresholdKeepsValuesAtOrAboveItAndDropsMissingOnes() {
        ThresholdFilter f = new ThresholdFilter("quality", 3.0);
        assertThat(f.apply(Docs.newDoc().put("quality", 3.0), "x").kept()).isTrue();
        assertThat(f.apply(Docs.newDoc().put("quality", 4), "x").kept()).isTrue();
        DocumentFunction.Outcome low = f.apply(Docs.newDoc().put("quality", 2.99), "x");
        assertThat(low.rule()).isEqualTo("below_threshold");
        assertThat(f.apply(Docs.newDoc().put("quality", "high"), "x").rule()).isEqualTo("missing");
        assertThat(f.apply(Docs.newDoc(), "x").rule()).isEqualTo("missing");
    }

    /** The kept set equals a sort-based reference: the k largest, ties broken by input order. */
    @ParameterizedTest
    @CsvSource({"1, 1000, 10", "2, 999, 33.3", "3, 50, 100", "4, 7, 1", "5, 2000, 0.05"})
    void topPercentKeepsExactlyTheTopDocuments(long seed, int n, double percent) {
        SplittableRandom rnd = new SplittableRandom(seed);
        double[] values = new double[n];
        for (int i = 0; i < n; i++) {
            values[i] = rnd.nextInt(10) == 0 ? Double.NaN : rnd.nextInt(20) / 4.0; // many ties, some missing
        }
        TopPercent.Cutoff c = TopPercent.cutoff(values.clone(), n, percent);
        TopPercent.Decider d = new TopPercent.Decider(c);
        List<Integer> kept = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            if (d.keep(values[i])) {
                kept.add(i);
            }
        }
        Integer[] order = new Integer[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (a, b) -> {
            int cmp = Double.compare(values[b], values[a]);
            return cmp != 0 ? cmp : Integer.compare(a, b);
        });
        long present = Arrays.stream(values).filter(v -> !Double.isNaN(v)).count();
        int k = (int) Math.ceil(present * percent / 100 - 1e-9);
        k = Math.max(1, k);
        List<Integer> expected = new ArrayList<>(Arrays.stream(order).filter(i -> !Double.isNaN(values[i])).limit(k).toList());
        expected.sort(null);
        assertThat(kept).isEqualTo(expected);
        assertThat(c.keep()).isEqualTo(k);
    }

    @Test
    void selectFindsEveryRank() {
        SplittableRandom rnd = new SplittableRandom(9);
        double[] a = rnd.doubles(301).map(x -> Math.floor(x * 50)).toArray();
        double[] sorted = a.clone();
        Arrays.sort(sorted);
        for (int r = 0; r < a.length; r++) {
            assertThat(TopPercent.select(a.clone(), r)).isEqualTo(sorted[r]);
        }
    }

    @Test
    void topPercentStepCopiesTheKeptDocumentsVerbatim(@TempDir Path dir) throws IOException {
        Path in = dir.resolve("in.jsonl");
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            ObjectNode d = Docs.newDoc().put("id", "d" + i).put("text", "t").put("quality", i % 5);
            lines.add(Docs.write(d));
        }
        lines.add("{\"id\":\"nq\",\"text\":\"t\"}");
        Files.write(in, lines);
        try (LocalSteps s = new LocalSteps(2, Progress.NONE)) {
            StepCounts c = s.topPercent("t", in, dir.resolve("out.jsonl"), "quality", 25);
            assertThat(c.out()).isEqualTo(5);
            assertThat(c.dropped()).containsEntry("missing", 1L).containsEntry("below_cutoff", 15L);
        }
        // 20 values 0..4 four times each: top 25 % = 5 documents = the four 4s and the first 3
        assertThat(Files.readAllLines(dir.resolve("out.jsonl"))).containsExactly(lines.get(3), lines.get(4), lines.get(9),
                lines.get(14), lines.get(19));
    }
}
