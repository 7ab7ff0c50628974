package io.phi4j.eval;

import io.phi4j.Model;
import io.phi4j.testing.Fixtures;
import org.apache.commons.compress.compressors.bzip2.BZip2CompressorInputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * {@code phi eval --scoring llamacpp} against llama.cpp's own {@code llama-perplexity} on the tiny random Phi-2
 * (F32 GGUF): the same items in the same order, the same right/wrong verdict on every item, hence the same
 * accuracy. Reference outputs (reference/llamacpp/*.out) and the script: tools/eval-reference/run_llamacpp.sh.
 */
@Tag("shared")
class LlamaCppParityTest {
    private static Model model;

    @BeforeAll
    static void load() {
        model = Model.load(Fixtures.shared("fixtures/tiny-phi2/gguf/phi2-tiny-random-std0.1-F32.gguf"));
    }

    @AfterAll
    static void close() {
        model.close();
    }

    private static EvalOptions llamacpp(Path data) {
        return EvalOptions.defaults(data).withScoring(McRunner.Scoring.LLAMACPP);
    }

    /** Per-item verdicts from llama.cpp's running accuracy lines "i<TAB>acc…" (acc in percent). */
    static List<Integer> verdictsFromRunningAccuracy(Path out) throws IOException {
        List<Integer> v = new ArrayList<>();
        double prevCorrect = 0;
        for (String line : Files.readAllLines(out)) {
            String[] f = line.split("\t");
            if (f.length < 2 || !f[0].matches("\\d+") || !f[1].matches("[0-9.]+%?")) {
                continue;
            }
            int i = Integer.parseInt(f[0]);
            assertThat(i).isEqualTo(v.size() + 1);
            double correct = Double.parseDouble(f[1].replace("%", "")) / 100 * i;
            v.add((int) Math.round(correct - prevCorrect));
            prevCorrect = Math.round(correct);
        }
        return v;
    }

    private static List<Integer> verdicts(TaskResult r) {
        return r.records().stream().map(rec -> ((Double) rec.get("acc")).intValue()).toList();
    }

    @Test
    void hellaswagMatchesLlamaPerplexity(@TempDir Path tmp) throws IOException {
        List<String> lines;
        try (InputStream in = new BZip2CompressorInputStream(Files.newInputStream(
                Fixtures.shared("data/eval/hellaswag/hellaswag_val_full.txt.bz2")), true)) {
            lines = Arrays.asList(new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n"));
        }
        Path file = tmp.resolve("hellaswag-400.txt");
        Files.writeString(file, String.join("\n", lines.subList(0, 400 * 6)) + "\n");
        TaskResult r = new Evaluator(model).run("hellaswag", llamacpp(file), null);
        List<Integer> want = verdictsFromRunningAccuracy(Fixtures.resource("reference/llamacpp/hellaswag-400.out"));
        assertThat(want).hasSize(400);
        assertThat(verdicts(r)).isEqualTo(want);
    }

    @Test
    void multipleChoiceMatchesLlamaPerplexity() throws IOException {
        TaskResult r = new Evaluator(model).run("arc_easy",
                llamacpp(Fixtures.shared("data/eval/mc/arc_easy.jsonl")).withLimit(300), null);
        List<Integer> want = verdictsFromRunningAccuracy(Fixtures.resource("reference/llamacpp/arc_easy-300.out"));
        assertThat(want).hasSize(300);
        assertThat(verdicts(r)).isEqualTo(want);
        assertThat(r.metrics().get("acc") * 100).isCloseTo(26.6667, within(1e-4)); // "Final result: 26.6667 +/- 2.5574"
    }

    @Test
    void winograndeMatchesLlamaPerplexity() throws IOException {
        TaskResult r = new Evaluator(model).run("winogrande", llamacpp(Fixtures.resource("reference/llamacpp/winogrande-300.csv")), null);
        // llama.cpp prints: i, running accuracy, score of option 1, score of option 2, its choice, the answer
        List<double[]> want = new ArrayList<>();
        for (String line : Files.readAllLines(Fixtures.resource("reference/llamacpp/winogrande-300.out"))) {
            String[] f = line.trim().split("\\s+");
            if (f.length == 6 && f[0].matches("\\d+")) {
                want.add(Arrays.stream(f).mapToDouble(Double::parseDouble).toArray());
            }
        }
        assertThat(want).hasSize(299);
        assertThat(r.records()).hasSize(299);
        int nearTies = 0, correct = 0;
        for (int i = 0; i < want.size(); i++) {
            Map<String, Object> rec = r.records().get(i);
            double[] scores = (double[]) rec.get("scores");
            double[] w = want.get(i);
            assertThat(scores[0]).as("item %d option 1", i + 1).isCloseTo(w[2], within(5e-3));
            assertThat(scores[1]).as("item %d option 2", i + 1).isCloseTo(w[3], within(5e-3));
            int choice = (int) rec.get("pred") + 1;
            // llama.cpp's logits differ from exact float32 ones by up to ~2e-3 (its GELU goes through an fp16
            // table), so a pair of mean log-probabilities closer than that may order either way.
            if (Math.abs(w[2] - w[3]) < 1e-3) {
                nearTies++;
                correct += (int) w[4] == (int) w[5] ? 1 : 0; // count llama.cpp's verdict on a near-tie
            } else {
                assertThat(choice).as("item %d choice", i + 1).isEqualTo((int) w[4]);
                correct += choice == (int) w[5] ? 1 : 0;
            }
        }
        assertThat(nearTies).as("near-ties").isLessThanOrEqualTo(2);
        // "Final Winogrande score(299 tasks): 55.8528": the same once near-ties take llama.cpp's verdict
        assertThat(100.0 * correct / 299).isCloseTo(55.8528, within(1e-4));
        assertThat(Math.abs(r.metrics().get("acc") * 299 - correct)).isLessThanOrEqualTo(nearTies);
    }
}
