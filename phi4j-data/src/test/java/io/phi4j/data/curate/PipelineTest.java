package io.phi4j.data.curate;

import com.fasterxml.jackson.databind.JsonNode;
import io.phi4j.PhiException;
import io.phi4j.convert.Progress;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Pipelines on the local engine: several steps, skipping completed ones, resuming after a crash. */
class PipelineTest {
    static final String[] VOCAB = ("the of and to in that with have be river water valley farmers fields crops rain"
            + " climate scientists measure temperature fish records forest mountains snow spring streams stones land"
            + " harvest channels level flood study compare results generations").split(" ");

    @AfterEach
    void clearHook() {
        LocalSteps.crashHook = null;
    }

    static String prose(SplittableRandom rnd, int words) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < words; i++) {
            sb.append(i == 0 ? "" : i % 12 == 0 ? ".\n" : " ").append(VOCAB[rnd.nextInt(VOCAB.length)]);
        }
        return sb.append('.').toString();
    }

    /**
     * A corpus of {@code n} JSON Lines documents: prose of varying length, every 10th an exact copy of an earlier
     * one, every 15th too short for the heuristics.
     */
    static Path corpus(Path dir, int n) throws IOException {
        SplittableRandom rnd = new SplittableRandom(42);
        List<String> lines = new ArrayList<>();
        List<String> texts = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            String text = i % 10 == 9 ? texts.get(rnd.nextInt(texts.size())) : i % 15 == 14 ? "Too short." : prose(rnd, 60 + rnd.nextInt(200));
            texts.add(text);
            lines.add(Docs.write(Docs.newDoc().put("text", text).put("n", i)));
        }
        Files.createDirectories(dir);
        Path f = dir.resolve("web.jsonl");
        Files.write(f, lines);
        Files.writeString(dir.resolve("page.html"), "<html><body><script>x()</script><p>" + prose(rnd, 80) + "</p></body></html>");
        return dir;
    }

    static Path pipeline(Path dir, String steps) throws IOException {
        Path p = dir.resolve("pipeline.json");
        Files.writeString(p, "{\"input\": [\"corpus\"], \"work_dir\": \"work\", \"output\": \"curated.jsonl\", \"steps\": [" + steps + "]}");
        return p;
    }

    static final String STEPS = """
            {"ingest": {"source": "web"}},
            {"dedup": {"threshold": 0.8}},
            {"heuristics": {"rules": {"min_words": 20}}},
            {"score": {"scorer": "length"}},
            {"filter": {"field": "quality", "top_percent": 50}}""";

    @Test
    void aPipelineRunsItsStepsInOrderAndWritesReports(@TempDir Path dir) throws IOException {
        corpus(dir.resolve("corpus"), 300);
        Pipeline p = Pipeline.load(pipeline(dir, STEPS + ", {\"tokenize\": {\"tokenizer\": \"" + tokenizer() + "\", \"val_fraction\": 0.1}}"));
        List<StepResult> r = new LocalEngine(2, Progress.NONE).run(p);
        assertThat(r).extracting(StepResult::name).containsExactly("ingest", "dedup", "heuristics", "score", "filter", "tokenize");
        assertThat(r).noneMatch(StepResult::skipped);
        JsonNode ingest = r.get(0).report(), dedup = r.get(1).report(), heur = r.get(2).report(), filter = r.get(4).report();
        assertThat(ingest.get("documents").asLong()).isEqualTo(301);
        assertThat(ingest.get("files").asLong()).isEqualTo(2);
        // the planted copies and the repeated "Too short." documents
        long distinct = Files.readAllLines(dir.resolve("corpus/web.jsonl")).stream()
                .map(l -> Docs.parse(l, "x").get("text").asText()).distinct().count();
        assertThat(distinct).isLessThan(300 - 35);
        assertThat(dedup.get("exact_duplicates").asLong()).isEqualTo(300 - distinct);
        long afterDedup = dedup.get("kept").asLong();
        assertThat(heur.get("documents").asLong()).isEqualTo(afterDedup);
        assertThat(heur.get("dropped_by").get("min_words").asLong()).isEqualTo(1); // the one "Too short." kept by dedup
        long afterHeur = heur.get("kept").asLong();
        assertThat(filter.get("kept").asLong()).isEqualTo((long) Math.ceil(afterHeur * 0.5));
        Path out = dir.resolve("work/05-filter.jsonl");
        assertThat(Files.readAllLines(out)).hasSize((int) filter.get("kept").asLong())
                .allSatisfy(l -> assertThat(Docs.parse(l, "x").get("quality").isNumber()).isTrue());
        assertThat(Files.readAllLines(dir.resolve("work/03-heuristics.rejected.jsonl")))
                .singleElement().satisfies(l -> assertThat(l).contains("\"reason\":\"min_words: 2 words < 20\""));
        assertThat(dir.resolve("work/06-tokenize/dataset.json")).exists();
        assertThat(r.get(5).report().get("train_documents").asLong() + r.get(5).report().get("val_documents").asLong())
                .isEqualTo(filter.get("kept").asLong());
        assertThat(dir.resolve("work/02-dedup.json")).content().contains("\"clusters\"");

        // a rerun does nothing; changing the filter reruns only the filter
        assertThat(new LocalEngine(2, Progress.NONE).run(p)).allMatch(StepResult::skipped);
        Pipeline p2 = Pipeline.load(pipeline(dir, STEPS.replace("\"top_percent\": 50", "\"top_percent\": 20")));
        assertThat(new LocalEngine(2, Progress.NONE).run(p2)).extracting(StepResult::skipped)
                .containsExactly(true, true, true, true, false);
        assertThat(Files.readAllBytes(dir.resolve("curated.jsonl"))).isEqualTo(Files.readAllBytes(dir.resolve("work/05-filter.jsonl")));
    }

    static Path tokenizer() {
        String root = System.getProperty("phi4j.root");
        return (root != null ? Path.of(root) : Path.of("..")).resolve("phi4j-core/src/main/resources/io/phi4j/tokenizer/phi-2")
                .toAbsolutePath().normalize();
    }

    @Test
    void aCrashedRunResumesAndProducesTheSameBytes(@TempDir Path dir) throws IOException {
        Path a = dir.resolve("a"), b = dir.resolve("b");
        corpus(a.resolve("corpus"), 800);
        corpus(b.resolve("corpus"), 800);
        Pipeline pa = Pipeline.load(pipeline(a, STEPS));
        new LocalEngine(2, Progress.NONE).checkpointEvery(300).run(pa);

        Pipeline pb = Pipeline.load(pipeline(b, STEPS));
        LocalSteps.crashHook = (task, docs) -> {
            if (task.equals("3/heuristics") && docs >= 500) {
                throw new IllegalStateException("simulated crash");
            }
        };
        assertThatThrownBy(() -> new LocalEngine(2, Progress.NONE).checkpointEvery(300).run(pb)).hasMessage("simulated crash");
        assertThat(b.resolve("work/03-heuristics.jsonl")).doesNotExist();
        assertThat(b.resolve("work/03-heuristics.jsonl.ckpt")).exists();
        assertThat(b.resolve("work/02-dedup.json")).exists();

        AtomicLong firstSeen = new AtomicLong(-1);
        LocalSteps.crashHook = (task, docs) -> {
            if (task.equals("3/heuristics")) {
                firstSeen.compareAndSet(-1, docs);
            }
        };
        List<StepResult> r = new LocalEngine(2, Progress.NONE).checkpointEvery(300).run(pb);
        assertThat(r).extracting(StepResult::skipped).containsExactly(true, true, false, false, false);
        // batches are 128 documents: the checkpoint was saved at 384, the crash came at 512 (with 128 documents
        // written past the checkpoint, which the resume cuts off), and the resumed run's first batch ends at 512
        assertThat(firstSeen.get()).isEqualTo(512);
        for (String f : List.of("01-ingest.jsonl", "02-dedup.jsonl", "03-heuristics.jsonl", "03-heuristics.rejected.jsonl",
                "04-score.jsonl", "05-filter.jsonl")) {
            assertThat(Files.readAllBytes(b.resolve("work").resolve(f))).as(f).isEqualTo(Files.readAllBytes(a.resolve("work").resolve(f)));
        }
        assertThat(Docs.JSON.readTree(b.resolve("work/03-heuristics.json").toFile()).get("report"))
                .isEqualTo(Docs.JSON.readTree(a.resolve("work/03-heuristics.json").toFile()).get("report"));
        assertThat(b.resolve("work/03-heuristics.jsonl.ckpt")).doesNotExist();
    }

    @Test
    void theScoreStepCallsARegisteredScorerWithItsOptions(@TempDir Path dir) throws IOException {
        List<JsonNode> seen = new java.util.concurrent.CopyOnWriteArrayList<>();
        ScorerLoader.register(new ScorerFactory() {
            @Override
            public String name() {
                return "test-vowels";
            }

            @Override
            public DocumentScorer create(JsonNode options) {
                seen.add(options);
                return text -> text.chars().filter(c -> "aeiou".indexOf(c) >= 0).count();
            }
        });
        Files.write(dir.resolve("docs.jsonl"), List.of("{\"id\":\"a\",\"text\":\"banana\"}", "{\"id\":\"b\",\"text\":\"xyz\"}"));
        Path p = dir.resolve("p.json");
        Files.writeString(p, "{\"input\": \"docs.jsonl\", \"work_dir\": \"w\", \"steps\": [{\"score\": {\"scorer\": \"test-vowels\","
                + " \"field\": \"edu\", \"model\": \"m/\"}}]}");
        new LocalEngine(2, Progress.NONE).run(Pipeline.load(p));
        assertThat(Files.readAllLines(dir.resolve("w/01-score.jsonl"))).containsExactly(
                "{\"id\":\"a\",\"text\":\"banana\",\"edu\":3.0}", "{\"id\":\"b\",\"text\":\"xyz\",\"edu\":0.0}");
        assertThat(seen).singleElement().satisfies(o -> {
            assertThat(o.get("model").asText()).isEqualTo("m/");
            assertThat(o.get("base_dir").asText()).isEqualTo(dir.toAbsolutePath().toString());
        });
        Files.writeString(p, "{\"input\": \"docs.jsonl\", \"work_dir\": \"w2\", \"steps\": [{\"score\": {\"scorer\": \"nope\"}}]}");
        assertThatThrownBy(() -> new LocalEngine(1, Progress.NONE).run(Pipeline.load(p)))
                .hasMessageStartingWith("step 1 (score): no scorer \"nope\" (available: ").hasMessageContaining("length");
    }

    @Test
    void pipelineFileErrorsAreOneLine(@TempDir Path dir) throws IOException {
        Path p = dir.resolve("p.json");
        Files.writeString(p, "{\"input\": [\"x.jsonl\"], \"work_dir\": \"w\", \"steps\": [{\"dedup\": {}}, {\"sparkle\": {}}]}");
        assertThatThrownBy(() -> Pipeline.load(p)).isInstanceOf(PhiException.class)
                .hasMessage(p + ": step 2: unknown step \"sparkle\" (known: ingest, dedup, heuristics, score, filter, tokenize)");
        Files.writeString(p, "{\"input\": [\"x.jsonl\"], \"work_dir\": \"w\", \"steps\": [{\"dedup\": {\"shingles\": 3}}]}");
        assertThatThrownBy(() -> Pipeline.load(p)).hasMessage(p + ": step 1: step \"dedup\": unknown option \"shingles\""
                + " (known: bands, exact, near, permutations, report, rows, seed, shingle, threshold)");
        Files.writeString(p, "{\"input\": [\"x.jsonl\"], \"work_dir\": \"w\", \"steps\": [{\"filter\": {\"threshold\": 1, \"top_percent\": 2}}]}");
        assertThatThrownBy(() -> Pipeline.load(p)).hasMessage(p + ": step 1: step \"filter\": give exactly one of \"threshold\" and \"top_percent\"");
        Files.writeString(p, "{\"input\": [\"x.jsonl\"], \"steps\": []}");
        assertThatThrownBy(() -> Pipeline.load(p)).hasMessage(p + ": \"work_dir\" (a directory for the steps' outputs) is required");
        Files.writeString(p, "{\"input\": [\"x.jsonl\"], \"work_dir\": \"w\",\n \"steps\": [}");
        assertThatThrownBy(() -> Pipeline.load(p)).hasMessageStartingWith(p + ": malformed JSON at line 2: ");
        Files.writeString(p, "{\"input\": [\"missing.jsonl\"], \"work_dir\": \"w\", \"steps\": [{\"dedup\": {}}]}");
        assertThatThrownBy(() -> new LocalEngine(1, Progress.NONE).run(Pipeline.load(p)))
                .hasMessage(dir.resolve("missing.jsonl") + ": file not found");
    }
}
