package io.phi4j.data.teacher;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.phi4j.PhiException;
import io.phi4j.data.Answers;
import io.phi4j.data.Lesson;
import io.phi4j.data.LessonJson;
import io.phi4j.data.Split;
import io.phi4j.data.synth.SynthGenerator;
import io.phi4j.tokenizer.ByteLevelPreTokenizer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TeacherSynthTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int ITEMS = 40;
    private FakeTeacher teacher;
    @TempDir
    Path dir;

    @BeforeEach
    void start() throws IOException {
        teacher = new FakeTeacher();
    }

    @AfterEach
    void stop() {
        teacher.close();
    }

    private TeacherOptions options(int attempts) {
        return new TeacherOptions(teacher.url(), "fake-teacher", null, 4, 0.8, 300, attempts, Duration.ofMillis(1),
                (long) ITEMS, null);
    }

    private TeacherSynth synth(int attempts) {
        return new TeacherSynth(new SynthGenerator(1, Split.TRAIN, null, null), options(attempts), dir,
                ByteLevelPreTokenizer::countWords);
    }

    /** Item numbers recorded in the lesson file and the rejection file. */
    private List<Long> recordedItems() throws IOException {
        List<Long> items = new ArrayList<>();
        for (String line : Files.readAllLines(dir.resolve("teacher-train.jsonl"))) {
            String id = LessonJson.read(line, "t").id();
            items.add(Long.parseLong(id.substring(id.lastIndexOf('-') + 1)));
        }
        Path rejected = dir.resolve("teacher-train-rejected.jsonl");
        if (Files.exists(rejected)) {
            for (String line : Files.readAllLines(rejected)) {
                items.add(JSON.readTree(line).get("item").asLong());
            }
        }
        return items;
    }

    @Test
    void writesValidatedLessonsAndRetriesEveryKindOfFailure() throws IOException {
        TeacherSynth.Result r = synth(4).run();
        assertThat(r.failed()).isZero();
        assertThat(r.newLessons() + r.rejected()).isEqualTo(ITEMS);
        assertThat(r.rejected()).isPositive(); // the fake gives some wrong answers on purpose
        assertThat(r.retries()).isPositive();
        assertThat(teacher.ok.get()).isEqualTo(ITEMS);
        assertThat(r.requests()).isEqualTo(teacher.bodies.size()).isGreaterThan(ITEMS);
        assertThat(recordedItems()).containsExactlyInAnyOrderElementsOf(
                java.util.stream.LongStream.range(0, ITEMS).boxed().toList());
        Set<String> families = new HashSet<>();
        for (String line : Files.readAllLines(r.jsonl())) {
            Lesson l = LessonJson.read(line, "t");
            families.add(l.family());
            assertThat(l.split()).isEqualTo(Split.TRAIN);
            assertThat(l.id()).startsWith("teacher-1-");
            if (l.answer() != null) {
                assertThat(Answers.isCorrect(l.completion(), l.answer())).as(l.text()).isTrue();
                assertThat(l.completion()).contains("Let us");
            } else {
                assertThat(l.text()).contains("The moral of the story is:");
            }
        }
        assertThat(families.size()).isGreaterThan(5);
        for (String line : Files.readAllLines(dir.resolve("teacher-train-rejected.jsonl"))) {
            JsonNode n = JSON.readTree(line);
            assertThat(n.get("reason").asText()).startsWith("solution does not end with the answer");
            assertThat(n.get("reply").asText()).endsWith("The answer is 12345.");
        }
        try (Stream<Path> cached = Files.walk(dir.resolve("cache"))) {
            assertThat(cached.filter(p -> p.toString().endsWith(".json")).count()).isEqualTo(ITEMS);
        }
        assertThat(dir.resolve("teacher-train-stats.md")).content().contains("| family | lessons |");
    }

    @Test
    void aSecondRunSkipsEverythingAlreadyDone() throws IOException {
        synth(4).run();
        int before = teacher.bodies.size();
        byte[] file = Files.readAllBytes(dir.resolve("teacher-train.jsonl"));
        TeacherSynth.Result again = synth(4).run();
        assertThat(teacher.bodies).hasSize(before);
        assertThat(again.newLessons()).isZero();
        assertThat(again.resumed()).isEqualTo(again.lessons());
        assertThat(Files.readAllBytes(dir.resolve("teacher-train.jsonl"))).isEqualTo(file);
    }

    @Test
    void resumesAfterACrashWithoutRepeatingDoneItems() throws IOException {
        TeacherSynth crashing = synth(4);
        int[] appended = {0};
        crashing.afterAppend(item -> {
            if (++appended[0] == 12) {
                throw new Error("simulated crash");
            }
        });
        assertThatThrownBy(crashing::run).isInstanceOf(Error.class).hasMessage("simulated crash");
        List<Long> doneBeforeRestart = recordedItems();
        assertThat(doneBeforeRestart.size()).isBetween(12, 12 + 4);
        // A crash in the middle of a write leaves half a line behind.
        Files.writeString(dir.resolve("teacher-train.jsonl"), "{\"id\":\"teacher-1-39\",\"family\":\"add",
                StandardOpenOption.APPEND);
        TeacherPrompts prompts = new TeacherPrompts(new SynthGenerator(1, Split.TRAIN, null, null), options(4));
        Set<String> doneBodies = new HashSet<>();
        for (long item : doneBeforeRestart) {
            doneBodies.add(prompts.task(item).body());
        }
        int requestsBefore = teacher.bodies.size();

        TeacherSynth.Result r = synth(4).run();
        assertThat(teacher.bodies.subList(requestsBefore, teacher.bodies.size())).doesNotContainAnyElementsOf(doneBodies);
        assertThat(r.resumed() + r.newLessons()).isEqualTo(r.lessons());
        List<Long> items = recordedItems();
        assertThat(items).doesNotHaveDuplicates().hasSize(ITEMS);
        for (String line : Files.readAllLines(dir.resolve("teacher-train.jsonl"))) {
            LessonJson.read(line, "every line is whole");
        }
        assertThat(r.failed()).isZero();
    }

    @Test
    void anItemThatKeepsFailingIsCountedAndDoneOnTheNextRun() throws IOException {
        long badSeed = JSON.readTree(new TeacherPrompts(new SynthGenerator(1, Split.TRAIN, null, null), options(2))
                .task(5).body()).get("seed").asLong();
        teacher.alwaysFails = seed -> seed == badSeed;
        teacher.firstAttemptFault = seed -> FakeTeacher.Fault.NONE;
        TeacherSynth.Result r = synth(2).run();
        assertThat(r.failed()).isEqualTo(1);
        assertThat(r.lastFailure()).isEqualTo("item 5: gave up after 2 attempts: HTTP 500");
        assertThat(recordedItems()).hasSize(ITEMS - 1).doesNotContain(5L);
        teacher.alwaysFails = seed -> false;
        TeacherSynth.Result healed = synth(2).run();
        assertThat(healed.failed()).isZero();
        assertThat(healed.newLessons() + healed.rejected() - r.rejected()).isEqualTo(1);
        assertThat(recordedItems()).hasSize(ITEMS).contains(5L);
    }

    /** Only the last line can be torn by a crash; a damaged line before it is reported, never silently dropped. */
    @Test
    void aDamagedCompleteLineIsReportedWithItsLineNumber() throws IOException {
        Path file = dir.resolve("teacher-train.jsonl");
        Files.writeString(file, "{\"id\":\"teacher-1-0\",\"family\":\"logic\",\"text\":\"ok\",\"keys\":[\"k\"]}\n"
                + "{\"id\":\"teacher-1-1\",\"fam\n{\"id\":\"teacher-1-2\"");
        assertThatThrownBy(() -> synth(1).run()).isInstanceOf(PhiException.class)
                .hasMessageStartingWith(file + ": line 2: not a JSON object");
        assertThat(Files.readString(file)).endsWith("\"fam\n"); // the torn tail was cut before the error
        assertThat(teacher.bodies).isEmpty();
    }

    @Test
    void anAuthenticationErrorStopsTheRunAtOnce() {
        teacher.forcedStatus = 401;
        assertThatThrownBy(() -> synth(6).run()).isInstanceOf(PhiException.class)
                .hasMessage("teacher " + teacher.url() + "/chat/completions: HTTP 401: {\"error\":{\"message\":\"invalid api key\"}}");
        assertThat(teacher.bodies.size()).isLessThanOrEqualTo(4); // no retries, no further items
    }

    @Test
    void requestsAreTheSameInEveryRunSoTheCacheKeysAre() {
        TeacherPrompts a = new TeacherPrompts(new SynthGenerator(9, Split.HELDOUT, null, null), options(1));
        TeacherPrompts b = new TeacherPrompts(new SynthGenerator(9, Split.HELDOUT, null, null), options(1));
        Set<String> distinct = new HashSet<>();
        for (long i = 0; i < 50; i++) {
            assertThat(a.task(i).body()).isEqualTo(b.task(i).body());
            distinct.add(a.task(i).body());
        }
        assertThat(distinct).hasSize(50);
    }

    @Test
    void promptsCarryTheComputedAnswerAndRandomConstraints() throws IOException {
        TeacherPrompts p = new TeacherPrompts(new SynthGenerator(1, Split.TRAIN, null, null), options(1));
        int stories = 0;
        int rewrites = 0;
        for (long i = 0; i < 60; i++) {
            TeacherTask t = p.task(i);
            String user = JSON.readTree(t.body()).get("messages").get(1).get("content").asText();
            switch (t.mode()) {
                case "story" -> {
                    stories++;
                    assertThat(user).contains("very simple words").contains("The story should use the verb \"")
                            .contains("The moral of the story is:");
                    assertThat(t.words()).hasSize(3);
                }
                case "rewrite" -> {
                    rewrites++;
                    assertThat(user).contains("keep every number exactly").contains(t.seed().audience())
                            .endsWith(t.ending() + ">");
                    assertThat(t.ending()).endsWith(t.answer() + ".");
                }
                default -> assertThat(user).contains("Question: " + t.question());
            }
        }
        assertThat(stories).isPositive();
        assertThat(rewrites).isPositive();
    }

    @Test
    void theFinalSentenceIsTheOneThatStatesTheAnswer() {
        assertThat(TeacherPrompts.finalSentence("So 27 + 38 = 65. The answer is 65.", "65")).isEqualTo("The answer is 65.");
        assertThat(TeacherPrompts.finalSentence("The loop runs twice. The program prints:\n0\n2", "0\n2"))
                .isEqualTo("The program prints:\n0\n2");
        assertThat(TeacherPrompts.finalSentence("It is 3.5 km. The answer is 3.5 km.", "3.5 km"))
                .isEqualTo("The answer is 3.5 km.");
    }
}
