package io.phi4j.data.synth;

import io.phi4j.data.Answers;
import io.phi4j.data.Lesson;
import io.phi4j.data.LessonJson;
import io.phi4j.data.Split;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;

class SynthGeneratorTest {
    static final List<String> FAMILIES = List.of("add-sub", "mul-div", "place-value", "fractions", "units", "compare",
            "logic", "sequences", "time-money", "definitions", "python", "stories");

    @Test
    void hasAtLeastTenFamilies() {
        assertThat(SynthGenerator.familyNames()).containsExactlyElementsOf(FAMILIES);
    }

    /**
     * Every answer is recomputed from the question text by code that shares nothing with the generator, every
     * written calculation in every lesson is true, and every reference completion scores as correct.
     */
    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3, 42})
    void everyAnswerIsVerifiedIndependently(long seed) {
        for (Split split : Split.values()) {
            SynthGenerator gen = new SynthGenerator(seed, split, null, null);
            Map<String, Integer> checked = new TreeMap<>();
            int equations = 0;
            int comparisons = 0;
            for (int i = 0; i < 2500; i++) {
                Lesson l = gen.lesson(i);
                for (EquationChecker.Result r : EquationChecker.check(l.text())) {
                    assertThat(r.ok()).as("%s in lesson %s:%n%s", r.equation(), l.id(), l.text()).isTrue();
                    equations++;
                }
                for (EquationChecker.Result r : EquationChecker.checkFractionEqualities(l.text())) {
                    assertThat(r.ok()).as("%s in lesson %s", r.equation(), l.id()).isTrue();
                }
                for (EquationChecker.Result r : EquationChecker.checkComparisons(l.text())) {
                    assertThat(r.ok()).as("%s in lesson %s:%n%s", r.equation(), l.id(), l.text()).isTrue();
                    comparisons++;
                }
                if (l.answer() == null) {
                    assertThat(l.family()).isEqualTo("stories");
                    continue;
                }
                assertThat(Answers.isCorrect(l.completion(), l.answer())).as(l.text()).isTrue();
                if (l.family().equals("python")) {
                    assertThat(l.text()).contains("```python\n"); // run by PythonExercisesTest
                } else {
                    assertThat(IndependentAnswers.expected(l)).as("lesson %s:%n%s", l.id(), l.text())
                            .isEqualTo(l.answer());
                }
                checked.merge(l.family(), 1, Integer::sum);
            }
            assertThat(checked.keySet()).containsExactlyInAnyOrderElementsOf(FAMILIES);
            assertThat(equations).isGreaterThan(2000);
            assertThat(comparisons).isGreaterThan(300);
            // The comparison checker rejects a false claim.
            assertThat(EquationChecker.checkComparisons("27 is not less than 13. 6 is more than 8. 35 is exactly 36."))
                    .extracting(EquationChecker.Result::ok).containsExactly(true, false, false);
        }
    }

    /** Worked examples are dropped rather than push a lesson past a tiny model's 256-token training window. */
    @Test
    void lessonsWithWorkedExamplesStayShort() {
        SynthGenerator gen = new SynthGenerator(1, Split.TRAIN, null, null);
        int withTwo = 0;
        for (int i = 0; i < 3000; i++) {
            Lesson l = gen.lesson(i);
            if (l.text().contains("\nExample")) {
                assertThat(QaFamily.estimatedTokens(l.text())).as(l.text()).isLessThanOrEqualTo(QaFamily.MAX_TOKENS);
            }
            if (l.text().contains("\nExample 2: ")) {
                withTwo++;
            }
        }
        assertThat(withTwo).isGreaterThan(20);
    }

    @Test
    void theSameSeedGivesTheSameLessonsAndAnotherSeedOthers() {
        SynthGenerator a = new SynthGenerator(7, Split.TRAIN, null, null);
        SynthGenerator b = new SynthGenerator(7, Split.TRAIN, null, null);
        SynthGenerator c = new SynthGenerator(8, Split.TRAIN, null, null);
        int same = 0;
        for (int i = 0; i < 500; i++) {
            assertThat(b.lesson(i)).isEqualTo(a.lesson(i));
            if (c.lesson(i).text().equals(a.lesson(i).text())) {
                same++;
            }
        }
        assertThat(same).isLessThan(10);
        // Order of calls does not matter: a lesson depends only on (seed, index).
        assertThat(a.lesson(123)).isEqualTo(new SynthGenerator(7, Split.TRAIN, null, null).lesson(123));
    }

    @Test
    void aCorpusFileIsByteForByteReproducible(@TempDir Path dir) throws IOException {
        SynthCorpus.Result r1 = SynthCorpus.write(new SynthGenerator(5, Split.TRAIN, null, null), 60_000,
                dir.resolve("a"), io.phi4j.tokenizer.ByteLevelPreTokenizer::countWords, "words", t -> { });
        SynthCorpus.Result r2 = SynthCorpus.write(new SynthGenerator(5, Split.TRAIN, null, null), 60_000,
                dir.resolve("b"), io.phi4j.tokenizer.ByteLevelPreTokenizer::countWords, "words", t -> { });
        assertThat(Files.readAllBytes(r1.jsonl())).isEqualTo(Files.readAllBytes(r2.jsonl()));
        assertThat(r1.tokens()).isEqualTo(r2.tokens()).isGreaterThanOrEqualTo(60_000).isLessThan(61_000);
        assertThat(Files.readString(dir.resolve("a/train-stats.json")))
                .isEqualTo(Files.readString(dir.resolve("b/train-stats.json")));
    }

    @Test
    void aCorpusHasNoDuplicateTextsAndItsStatsAddUp(@TempDir Path dir) throws IOException {
        SynthCorpus.Result r = SynthCorpus.write(new SynthGenerator(3, Split.TRAIN, null, null), 300_000, dir,
                text -> io.phi4j.tokenizer.ByteLevelPreTokenizer.countWords(text), "words", t -> { });
        List<String> lines = Files.readAllLines(r.jsonl());
        Set<String> texts = new HashSet<>();
        long tokens = 0;
        for (String line : lines) {
            Lesson l = LessonJson.read(line, "test");
            assertThat(texts.add(l.text())).as("duplicate: %s", l.text()).isTrue();
            assertThat(l.split()).isEqualTo(Split.TRAIN);
            tokens += io.phi4j.tokenizer.ByteLevelPreTokenizer.countWords(l.text()) + 1;
        }
        assertThat(lines).hasSize((int) r.lessons());
        assertThat(tokens).isEqualTo(r.tokens());
        assertThat(r.duplicates()).isPositive(); // short questions repeat and are dropped
        long familyTotal = r.stats().families().values().stream().mapToLong(f -> f.lessons).sum();
        assertThat(familyTotal).isEqualTo(r.lessons());
        assertThat(r.stats().families().keySet()).containsExactlyInAnyOrderElementsOf(FAMILIES);
        String md = Files.readString(dir.resolve("train-stats.md"));
        assertThat(md).contains("| add-sub | ").contains("## Lesson length (tokens)").contains("vocabulary words: ");
        // add-sub is the largest share (17% of lessons, the next is 12%), stories the longest lessons.
        var families = r.stats().families();
        long addSub = families.get("add-sub").lessons;
        assertThat(families.entrySet()).allMatch(e -> e.getKey().equals("add-sub") || e.getValue().lessons < addSub);
        assertThat(addSub).isGreaterThan(families.get("units").lessons * 3 / 2);
    }

    /** No problem (key) and no text of any held-out corpus appears in any training corpus, whatever the seeds. */
    @Test
    void trainAndHeldOutNeverOverlap() {
        Set<String> trainKeys = new HashSet<>();
        Set<String> trainTexts = new HashSet<>();
        for (long seed : new long[] {1, 2}) {
            SynthGenerator gen = new SynthGenerator(seed, Split.TRAIN, null, null);
            for (int i = 0; i < 4000; i++) {
                Lesson l = gen.lesson(i);
                for (String k : l.keys()) {
                    assertThat(Split.ofKey(k)).as(k).isEqualTo(Split.TRAIN);
                }
                trainKeys.addAll(l.keys());
                trainTexts.add(l.text());
            }
        }
        int heldOut = 0;
        for (long seed : new long[] {1, 3}) {
            SynthGenerator gen = new SynthGenerator(seed, Split.HELDOUT, null, null);
            for (int i = 0; i < 2000; i++) {
                Lesson l = gen.lesson(i);
                assertThat(l.split()).isEqualTo(Split.HELDOUT);
                assertThat(Split.ofKey(l.keys().getFirst())).isEqualTo(Split.HELDOUT);
                // (Set.contains, not AssertJ's doesNotContain, which scans the whole set.)
                assertThat(trainKeys.contains(l.keys().getFirst())).as("key of %s in training", l.text()).isFalse();
                assertThat(trainTexts.contains(l.text())).as("text of %s in training", l.id()).isFalse();
                heldOut++;
            }
        }
        assertThat(heldOut).isEqualTo(4000);
    }

    @Test
    void aboutOneKeyInTenIsHeldOut() {
        int held = 0;
        for (int a = 10; a < 100; a++) {
            for (int b = 10; b < 100; b++) {
                if (Split.ofKey("add:" + a + "+" + b) == Split.HELDOUT) {
                    held++;
                }
            }
        }
        assertThat(held).isBetween(8100 / 10 - 100, 8100 / 10 + 100);
    }

    @Test
    void familiesCanBeChosen() {
        SynthGenerator gen = new SynthGenerator(1, Split.TRAIN, List.of("python", "logic"), null);
        for (int i = 0; i < 100; i++) {
            assertThat(gen.lesson(i).family()).isIn("python", "logic");
        }
    }

    @Test
    void unknownFamilyIsAUserError() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new SynthGenerator(1, Split.TRAIN, List.of("poetry"),
                null)).isInstanceOf(io.phi4j.PhiException.class).hasMessageStartingWith("unknown lesson family \"poetry\"");
    }
}
