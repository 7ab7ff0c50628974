package io.phi4j.eval;

import io.phi4j.Model;
import io.phi4j.PhiException;
import io.phi4j.data.Lesson;
import io.phi4j.data.LessonJson;
import io.phi4j.data.Split;
import io.phi4j.data.synth.SynthGenerator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The {@code textbooks} task: held-out synthetic lessons, completed greedily, scored by the generator's check. */
class TextbookTaskTest {
    static Path heldout(Path dir, List<String> families, int n, long seed) throws Exception {
        SynthGenerator gen = new SynthGenerator(seed, Split.HELDOUT, families, null);
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < n; i++) {
            b.append(LessonJson.write(gen.lesson(i))).append('\n');
        }
        return Files.writeString(dir.resolve("heldout.jsonl"), b);
    }

    @Test
    void scoresEveryLessonWithAnAnswerPerFamily(@TempDir Path tmp) throws Exception {
        Path file = heldout(tmp, List.of("add-sub", "stories", "python"), 24, 7);
        Map<String, Integer> expected = new TreeMap<>();
        List<String> problems = new ArrayList<>();
        for (String line : Files.readAllLines(file)) {
            Lesson l = LessonJson.read(line, "test");
            if (l.answer() != null && l.prompt() != null) {
                expected.merge(l.family(), 1, Integer::sum);
                problems.add(l.keys().getFirst());
            }
        }
        assertThat(expected).containsKeys("add-sub", "python");
        Path model = tmp.resolve("small.gguf");
        try (InputStream in = getClass().getClassLoader().getResourceAsStream("reference/small-phi2/small-phi2-Q8_0.gguf")) {
            Files.copy(in, model);
        }
        try (Model m = Model.load(model)) {
            EvalOptions o = EvalOptions.defaults(tmp).withMaxGenTokens(6);
            TaskResult r = new Evaluator(m).run("textbooks", o, null);
            int total = expected.values().stream().mapToInt(Integer::intValue).sum();
            assertThat(r.samples()).isEqualTo(total);
            assertThat(r.records()).hasSize(total);
            assertThat(r.metrics()).containsKey("acc");
            for (String f : expected.keySet()) {
                assertThat(r.metrics()).containsKey("acc_" + f);
            }
            assertThat(r.metrics()).containsKey("acc_per_problem");
            assertThat(r.metrics().keySet()).hasSize(2 + expected.size());
            assertThat(r.records()).extracting(rec -> rec.get("problem")).containsExactlyElementsOf(problems);
            assertThat(r.config()).containsEntry("distinct_problems", new HashSet<>(problems).size());
            @SuppressWarnings("unchecked")
            Map<String, Integer> counts = (Map<String, Integer>) r.config().get("lessons_per_family");
            assertThat(counts).isEqualTo(expected);
            // a random model answers nothing right; the score is the mean of the records' verdicts
            double sum = 0;
            for (Map<String, Object> rec : r.records()) {
                assertThat((String) rec.get("completion")).doesNotContain("\n\n").doesNotContain("\nInstruct:");
                sum += (Double) rec.get("acc");
            }
            assertThat(r.metrics().get("acc")).isEqualTo(sum / total);
            EvalOptions limited = o.withLimit(5);
            assertThat(new Evaluator(m).run("textbooks", limited, null).samples()).isEqualTo(5);
            // Room by default for the generator's longest worked solutions (over 256 tokens), as the harness records it.
            TaskResult byDefault = new Evaluator(m).run("textbooks", EvalOptions.defaults(tmp).withLimit(1), null);
            assertThat(byDefault.config()).containsEntry("max_gen_toks", 512);
        }
    }

    @Test
    void countsEachDistinctProblemOnce() {
        // "a" three lessons all right, "b" one lesson wrong, "c" half right: by lesson 4 of 6, by problem (1 + 0 + 0.5) / 3.
        List<Double> perProblem = TextbookTask.perProblem(List.of("a", "b", "a", "c", "a", "c"),
                List.of(1.0, 0.0, 1.0, 1.0, 1.0, 0.0));
        assertThat(perProblem).containsExactly(1.0, 0.0, 0.5);
    }

    @Test
    void findsTheHeldOutFile(@TempDir Path tmp) throws Exception {
        assertThatThrownBy(() -> TextbookTask.find(tmp)).isInstanceOf(PhiException.class)
                .hasMessageContaining("no data for textbooks under " + tmp);
        Path f = heldout(tmp, List.of("add-sub"), 2, 1);
        assertThat(TextbookTask.find(tmp)).isEqualTo(f);
        assertThat(TextbookTask.find(f)).isEqualTo(f);
    }
}
