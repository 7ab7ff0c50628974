package io.phi4j.spark;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.phi4j.PhiException;
import io.phi4j.cli.Main;
import io.phi4j.convert.Progress;
import io.phi4j.data.curate.LocalEngine;
import io.phi4j.data.curate.Pipeline;
import io.phi4j.data.curate.StepResult;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The same pipeline on the local engine and on Spark local[2] gives the same documents. */
class SparkEngineTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    static final String[] VOCAB = ("the of and to in that with have be river water valley farmers fields crops rain"
            + " climate scientists measure temperature fish records forest mountains snow spring streams stones land"
            + " harvest channels level flood study compare results generations").split(" ");

    static String prose(SplittableRandom rnd, int words) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < words; i++) {
            sb.append(i == 0 ? "" : i % 12 == 0 ? ".\n" : " ").append(VOCAB[rnd.nextInt(VOCAB.length)]);
        }
        return sb.append('.').toString();
    }

    /** JSON Lines with planted exact copies, near-copies and short documents, plus HTML and text files. */
    static void corpus(Path dir) throws IOException {
        SplittableRandom rnd = new SplittableRandom(5);
        Files.createDirectories(dir.resolve("pages"));
        List<String> lines = new ArrayList<>(), texts = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            String t;
            if (i % 10 == 9) {
                t = texts.get(rnd.nextInt(texts.size()));
            } else if (i % 10 == 4) {
                String base = texts.get(rnd.nextInt(texts.size()));
                t = base + " " + prose(rnd, 3);
            } else if (i % 15 == 14) {
                t = "Too short.";
            } else {
                t = prose(rnd, 40 + rnd.nextInt(150));
            }
            texts.add(t);
            lines.add(JSON.writeValueAsString(java.util.Map.of("text", t)));
        }
        Files.write(dir.resolve("web.jsonl"), lines);
        for (int i = 0; i < 12; i++) {
            Files.writeString(dir.resolve("pages/p" + i + ".html"), "<html><script>x()</script><p>" + prose(rnd, 60) + "</p></html>");
            Files.writeString(dir.resolve("pages/t" + i + ".txt"), prose(rnd, 30 + 10 * i));
        }
    }

    static Path pipeline(Path dir) throws IOException {
        corpus(dir.resolve("corpus"));
        Path p = dir.resolve("pipeline.json");
        Files.writeString(p, """
                {"input": ["corpus"], "work_dir": "work", "output": "curated.jsonl",
                 "steps": [{"ingest": {"source": "mix"}}, {"dedup": {"threshold": 0.7}},
                           {"heuristics": {"rules": {"min_words": 35}}}, {"score": {"scorer": "length"}},
                           {"filter": {"top_percent": 60}}]}""");
        return p;
    }

    static List<String> sortedById(Path f) throws IOException {
        List<String> lines = new ArrayList<>(Files.readAllLines(f));
        lines.sort(Comparator.comparing(l -> {
            try {
                return JSON.readTree(l).get("id").asText();
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }));
        return lines;
    }

    @Test
    void sparkAndLocalEnginesProduceTheSameDocuments(@TempDir Path dir) throws IOException {
        Path a = dir.resolve("local"), b = dir.resolve("spark");
        List<StepResult> local = new LocalEngine(2, Progress.NONE).run(Pipeline.load(pipeline(a)));
        List<StepResult> spark = new SparkEngine("local[2]", Progress.NONE).run(Pipeline.load(pipeline(b)));
        assertThat(spark).extracting(StepResult::name).containsExactly("ingest", "dedup", "heuristics", "score", "filter");
        for (String f : List.of("01-ingest.jsonl", "02-dedup.jsonl", "03-heuristics.jsonl", "03-heuristics.rejected.jsonl",
                "04-score.jsonl", "05-filter.jsonl")) {
            List<String> l = sortedById(a.resolve("work").resolve(f));
            assertThat(sortedById(b.resolve("work").resolve(f))).as(f).isEqualTo(l);
            // order is kept too, so the files are identical
            assertThat(Files.readAllBytes(b.resolve("work").resolve(f))).as(f).isEqualTo(Files.readAllBytes(a.resolve("work").resolve(f)));
        }
        JsonNode ld = local.get(1).report(), sd = spark.get(1).report();
        assertThat(sd.get("exact_duplicates")).isEqualTo(ld.get("exact_duplicates"));
        assertThat(sd.get("near_duplicates")).isEqualTo(ld.get("near_duplicates"));
        assertThat(ld.get("near_duplicates").asLong()).isGreaterThan(10);
        assertThat(sd.get("clusters")).isEqualTo(ld.get("clusters"));
        assertThat(spark.get(2).report().get("dropped_by")).isEqualTo(local.get(2).report().get("dropped_by"));
        assertThat(spark.get(4).report().get("kept")).isEqualTo(local.get(4).report().get("kept"));
        assertThat(Files.readAllBytes(b.resolve("curated.jsonl"))).isEqualTo(Files.readAllBytes(a.resolve("curated.jsonl")));
    }

    @Test
    void theCliRunsThePipelineOnSparkAndErrorsStayOneLine(@TempDir Path dir) throws IOException {
        Path p = pipeline(dir);
        StringWriter out = new StringWriter(), err = new StringWriter();
        int code = Main.run(new PrintWriter(out), new PrintWriter(err), "data", "run", p.toString(), "--engine", "spark",
                "--master", "local[2]", "--quiet");
        assertThat(code).as(err.toString()).isZero();
        assertThat(out.toString()).contains(" 2 dedup ").contains("output: " + dir.resolve("curated.jsonl") + " (spark engine");

        Path bad = dir.resolve("bad.jsonl");
        Files.writeString(bad, "{\"id\":\"a\",\"text\":\"fine\"}\n{\"id\":\"b\",\"text\":}\n");
        Path q = dir.resolve("q.json");
        Files.writeString(q, "{\"input\": \"bad.jsonl\", \"work_dir\": \"w\", \"steps\": [{\"heuristics\": {}}]}");
        assertThatThrownBy(() -> new SparkEngine("local[2]", Progress.NONE).run(Pipeline.load(q)))
                .isInstanceOf(PhiException.class).hasMessageStartingWith("step 1 (heuristics): " + bad + ":2: malformed JSON: ");
    }
}
