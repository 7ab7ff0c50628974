package io.phi4j.data.quality;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.phi4j.PhiException;
import io.phi4j.convert.Progress;
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
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AnnotatorTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int DOCS = 30;
    private static final Pattern NUMBER = Pattern.compile("Document number (\\d+)");
    private FakeJudge judge;
    @TempDir
    Path dir;
    private Path in;
    private Path out;

    @BeforeEach
    void start() throws IOException {
        judge = new FakeJudge();
        // doc i gets score i % 6; doc i % 7 == 5 answers without a score the first time only; doc i % 10 == 9 never
        // gives a score; first attempts fail with 429, 500 or a malformed body in turn.
        judge.script = text -> {
            int i = number(text);
            if (i % 10 == 9) {
                return "This is a list of words. I cannot score it.";
            }
            if (i % 7 == 5 && !text.endsWith("#seed1")) {
                return "Hmm. Educational score: <total points>";
            }
            return "Doc " + i + ".\nEducational score: " + (i % 6);
        };
        judge.firstAttemptFault = text -> FakeJudge.Fault.values()[number(text) % 4];
        in = dir.resolve("docs.jsonl");
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < DOCS; i++) {
            sb.append(JSON.writeValueAsString(Map.of("id", "d" + i, "text", "Document number " + i + " about rivers.",
                    "source", "web/" + i))).append('\n');
        }
        Files.writeString(in, sb);
        out = dir.resolve("ann.jsonl");
    }

    @AfterEach
    void stop() {
        judge.close();
    }

    private static int number(String text) {
        Matcher m = NUMBER.matcher(text);
        if (!m.find()) {
            throw new IllegalStateException(text);
        }
        return Integer.parseInt(m.group(1));
    }

    private AnnotateOptions options(Integer sample, long seed, double rate, int attempts) {
        return new AnnotateOptions(judge.url(), "judge-1", null, JudgePrompt.EDU, sample, seed, 4, rate, attempts,
                Duration.ofMillis(1), 2, 0.0, 256, 4000, null);
    }

    private Annotator.Result run(AnnotateOptions o) {
        return new Annotator(o, in, out).run(Progress.NONE);
    }

    /** id → edu_score from the output, and the ids of the rejection file. */
    private Map<String, Integer> annotated() throws IOException {
        Map<String, Integer> m = new HashMap<>();
        for (String line : Files.readAllLines(out)) {
            JsonNode n = JSON.readTree(line);
            assertThat(m.put(n.get("id").asText(), n.get("edu_score").asInt())).as("id once").isNull();
        }
        return m;
    }

    private List<String> rejectedIds() throws IOException {
        List<String> ids = new ArrayList<>();
        for (String line : Files.readAllLines(Annotator.rejectedFile(out))) {
            ids.add(JSON.readTree(line).get("id").asText());
        }
        return ids;
    }

    @Test
    void scoresEveryDocumentThroughRetriesAndReAsks() throws IOException {
        Annotator.Result r = run(options(null, 1, 0, 4));
        assertThat(r.failed()).isZero();
        assertThat(r.rejected()).isEqualTo(3); // d9, d19, d29
        assertThat(rejectedIds()).containsExactlyInAnyOrder("d9", "d19", "d29");
        Map<String, Integer> scores = annotated();
        assertThat(scores).hasSize(DOCS - 3);
        for (var e : scores.entrySet()) {
            assertThat(e.getValue()).isEqualTo(Integer.parseInt(e.getKey().substring(1)) % 6);
        }
        assertThat(r.newAnnotated()).isEqualTo(DOCS - 3);
        long[] expectedHist = new long[6];
        scores.values().forEach(s -> expectedHist[s]++);
        assertThat(r.scores()).containsExactly(expectedHist);
        for (String line : Files.readAllLines(out)) {
            JsonNode n = JSON.readTree(line);
            int i = Integer.parseInt(n.get("id").asText().substring(1));
            assertThat(n.get("source").asText()).isEqualTo("web/" + i);
            assertThat(n.get("text").asText()).isEqualTo("Document number " + i + " about rivers.");
            assertThat(n.get("edu_reason").asText()).isEqualTo("Doc " + i + ".");
        }
        JsonNode rej = JSON.readTree(Files.readAllLines(Annotator.rejectedFile(out)).getFirst());
        assertThat(rej.get("reason").asText()).isEqualTo("no \"Educational score: N\" in the reply");
        // Requests: one per document, a second question for d5, d12, d26 (d19 is rejected either way) and for the
        // three never-scored ones, plus one retry for every first attempt that failed (3 in 4 of the documents).
        int questions = DOCS + 3 + 3;
        assertThat(r.requests()).isEqualTo(judge.bodies.size());
        assertThat(r.retries()).isPositive();
        assertThat(new HashSet<>(judge.bodies)).hasSize(questions);
        try (Stream<Path> files = Files.walk(Annotator.defaultCacheDir(out))) {
            assertThat(files.filter(p -> p.toString().endsWith(".json")).count()).isEqualTo(questions);
        }
        for (String body : judge.bodies) {
            JsonNode b = JSON.readTree(body);
            assertThat(b.get("model").asText()).isEqualTo("judge-1");
            assertThat(b.at("/messages/0/content").asText()).startsWith("Below is an extract from a web page.");
        }
    }

    @Test
    void aSecondRunSendsNothingAndChangesNothing() throws IOException {
        run(options(null, 1, 0, 4));
        int before = judge.bodies.size();
        byte[] file = Files.readAllBytes(out);
        Annotator.Result again = run(options(null, 1, 0, 4));
        assertThat(judge.bodies).hasSize(before);
        assertThat(again.newAnnotated()).isZero();
        assertThat(again.resumed()).isEqualTo(DOCS - 3);
        assertThat(again.annotated()).isEqualTo(DOCS - 3);
        assertThat(Files.readAllBytes(out)).isEqualTo(file);
    }

    @Test
    void resumesAfterACrashWithoutAskingAgainForRecordedDocuments() throws IOException {
        Annotator crashing = new Annotator(options(null, 1, 0, 4), in, out);
        int[] appended = {0};
        crashing.afterAppend(id -> {
            synchronized (appended) {
                if (++appended[0] == 10) {
                    throw new Error("simulated crash");
                }
            }
        });
        assertThatThrownBy(() -> crashing.run(Progress.NONE)).isInstanceOf(Error.class).hasMessage("simulated crash");
        Set<String> doneBefore = new HashSet<>(annotated().keySet());
        doneBefore.addAll(rejectedIds());
        // The crash stopped the run early: ten recorded, plus whatever was in flight or handed out before the reader
        // saw the crash (once 15 in CI, against the earlier bound of 14; the exact number depends on scheduling).
        assertThat(doneBefore.size()).isBetween(10, DOCS - 10);
        Files.writeString(out, "{\"id\":\"d28\",\"text\":\"Docu", StandardOpenOption.APPEND); // torn by the crash
        // Replies that reached the cache before the crash (a request interrupted in its backoff by the crash did not).
        Set<String> cachedBefore = new HashSet<>();
        try (Stream<Path> files = Files.walk(Annotator.defaultCacheDir(out))) {
            files.filter(p -> p.toString().endsWith(".json"))
                    .forEach(p -> cachedBefore.add(p.getFileName().toString().replace(".json", "")));
        }
        assertThat(cachedBefore.size()).isGreaterThanOrEqualTo(10);
        int requestsBefore = judge.bodies.size();

        Annotator.Result r = run(options(null, 1, 0, 4));
        List<String> after = judge.bodies.subList(requestsBefore, judge.bodies.size());
        for (String body : after) {
            String id = "d" + number(FakeJudge.extract(body));
            assertThat(doneBefore).as("no request for a recorded document").doesNotContain(id);
            assertThat(cachedBefore).as("a cached reply is not asked for again")
                    .doesNotContain(io.phi4j.data.teacher.ResponseCache.key(body));
        }
        assertThat(annotated()).hasSize(DOCS - 3);
        assertThat(rejectedIds()).containsExactlyInAnyOrder("d9", "d19", "d29");
        assertThat(r.resumed() + r.newAnnotated()).isEqualTo(r.annotated());
        assertThat(r.failed()).isZero();
    }

    @Test
    void aDocumentThatKeepsFailingIsCountedAndDoneByTheNextRun() throws IOException {
        judge.alwaysFails = text -> number(text) == 4;
        Annotator.Result r = run(options(null, 1, 0, 2));
        assertThat(r.failed()).isEqualTo(1);
        assertThat(r.lastFailure()).isEqualTo("document d4: gave up after 2 attempts: HTTP 500");
        assertThat(annotated()).doesNotContainKey("d4").hasSize(DOCS - 4);
        judge.alwaysFails = text -> false;
        Annotator.Result healed = run(options(null, 1, 0, 2));
        assertThat(healed.failed()).isZero();
        assertThat(healed.newAnnotated()).isEqualTo(1);
        assertThat(annotated()).containsEntry("d4", 4).hasSize(DOCS - 3);
    }

    @Test
    void aServerThatNeverAnswersStopsTheRunEarly() throws IOException {
        judge.alwaysFails = text -> true;
        assertThatThrownBy(() -> run(options(null, 1, 0, 1))).isInstanceOf(PhiException.class)
                .hasMessageStartingWith("stopping: the first ").hasMessageContaining("documents all failed; last: document d")
                .hasMessageEndingWith(": gave up after 1 attempts: HTTP 500");
        assertThat(judge.bodies.size()).as("stopped early, not after all %d documents", DOCS).isLessThan(8 + 4 + 1);
        assertThat(Files.readAllLines(out)).isEmpty();
    }

    @Test
    void aSeededSampleIsTheSameEveryTime() throws IOException {
        judge.firstAttemptFault = text -> FakeJudge.Fault.NONE;
        Annotator.Result r = run(options(10, 7, 0, 1));
        assertThat(r.newAnnotated() + r.rejected()).isEqualTo(10);
        Set<String> first = new HashSet<>(annotated().keySet());
        first.addAll(rejectedIds());
        assertThat(first).hasSize(10);
        long[] again = LineSample.of(in, 10, 7);
        Set<String> expected = new HashSet<>();
        for (long line : again) {
            expected.add("d" + (line - 1));
        }
        assertThat(first).isEqualTo(expected);
        assertThat(LineSample.of(in, 10, 8)).isNotEqualTo(again);
        assertThat(LineSample.of(in, 100, 8)).hasSize(DOCS);
        assertThat(LineSample.of(in, Integer.MAX_VALUE, 8)).as("no absurd allocation").hasSize(DOCS);
    }

    @Test
    void theRateLimitSpacesRequests() {
        judge.firstAttemptFault = text -> FakeJudge.Fault.NONE;
        judge.script = text -> "Educational score: 2";
        long t0 = System.nanoTime();
        Annotator.Result r = run(options(16, 1, 25, 1));
        assertThat(r.newAnnotated()).isEqualTo(16);
        // Burst of 4 (the concurrency), then 12 more at 25/s: the last request cannot arrive before 0.48 s after
        // the start. Measured from the start, not from the first arrival: a first request delayed by a busy machine
        // shortened the first-to-last spread (0.43 s seen with a training run beside the tests) without any
        // request being early.
        double last = (judge.arrivalNanos.getLast() - t0) / 1e9;
        assertThat(last).isGreaterThanOrEqualTo(0.47);
        assertThat((System.nanoTime() - t0) / 1e9).isLessThan(30);
    }

    @Test
    void badInputIsAOneLineError() throws IOException {
        Files.writeString(in, "{\"id\":\"a\",\"text\":\"x\"}\n{\"id\":\"a\",\"text\":\"y\"}\n");
        assertThatThrownBy(() -> run(options(null, 1, 0, 1))).isInstanceOf(PhiException.class)
                .hasMessage(in + ": line 2: duplicate id \"a\"");
        Files.writeString(in, "{\"id\":\"a\",\"body\":\"x\"}\n");
        assertThatThrownBy(() -> run(options(null, 1, 0, 1))).isInstanceOf(PhiException.class)
                .hasMessage(in + ": line 1: no \"text\" string");
        assertThatThrownBy(() -> new Annotator(options(null, 1, 0, 1), dir.resolve("none.jsonl"), out).run(Progress.NONE))
                .isInstanceOf(PhiException.class).hasMessage(dir.resolve("none.jsonl") + ": no such file");
    }
}
