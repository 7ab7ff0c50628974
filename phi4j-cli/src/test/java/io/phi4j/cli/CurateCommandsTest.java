package io.phi4j.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPOutputStream;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code phi data ingest / dedup / heuristics / filter / run} end to end. */
class CurateCommandsTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    static final String PROSE = "The river starts high in the mountains, where snow melts slowly during the spring months."
            + " Small streams join together and carry cold water down through the forest. Along the way, the water shapes"
            + " the land, cutting deep valleys and leaving smooth stones behind. Farmers in the valley depend on the river"
            + " for their crops, and they watch the level of the river closely each year.";

    static List<JsonNode> read(Path f) throws IOException {
        List<JsonNode> out = new ArrayList<>();
        for (String l : Files.readAllLines(f)) {
            out.add(JSON.readTree(l));
        }
        return out;
    }

    private static void assertError(CliRun r, String message) {
        assertThat(r.exitCode()).as(r.out()).isEqualTo(2);
        assertThat(r.err()).isEqualTo(message + "\n");
    }

    /** Three pages: one good, its near-copy, and a short one; plus a gzip JSON Lines file with the good text again. */
    static Path corpus(Path dir) throws IOException {
        Path c = dir.resolve("corpus");
        Files.createDirectories(c);
        Files.writeString(c.resolve("a.html"), "<html><script>track()</script><p>" + PROSE + "</p></html>");
        Files.writeString(c.resolve("b.txt"), PROSE.replace("each year.", "every single year."));
        Files.writeString(c.resolve("c.md"), "# Short\nToo short to keep.");
        try (OutputStream o = new GZIPOutputStream(Files.newOutputStream(c.resolve("d.jsonl.gz")))) {
            o.write(("{\"content\":" + JSON.writeValueAsString(PROSE) + ",\"url\":\"https://example.org\"}\n").getBytes(StandardCharsets.UTF_8));
        }
        return c;
    }

    @Test
    void ingestDedupHeuristicsAndFilterChainOnTheCommandLine(@TempDir Path dir) throws IOException {
        Path c = corpus(dir);
        Path docs = dir.resolve("docs.jsonl");
        CliRun ing = CliRun.run("data", "ingest", c.toString(), "--out", docs.toString(), "--field", "content", "--source", "web");
        assertThat(ing.exitCode()).as(ing.err()).isZero();
        assertThat(ing.out()).matches("ingested 4 documents from 4 files → .*docs\\.jsonl \\(0 empty skipped\\), [0-9.]+ s\n");
        List<JsonNode> d = read(docs);
        assertThat(d).extracting(n -> n.get("id").asText()).containsExactly("web/a.html", "web/b.txt", "web/c.md", "web/d.jsonl.gz#1");
        assertThat(d.get(0).get("text").asText()).isEqualTo(PROSE);
        assertThat(d.get(3).get("url").asText()).isEqualTo("https://example.org");

        Path unique = dir.resolve("unique.jsonl"), report = dir.resolve("dedup.json");
        CliRun dd = CliRun.run("data", "dedup", docs.toString(), "--out", unique.toString(), "--report", report.toString(), "--threads", "2");
        assertThat(dd.exitCode()).as(dd.err()).isZero();
        assertThat(dd.out()).startsWith("4 documents → 2 kept; removed 1 exact and 1 near-duplicates in 1 clusters (20 × 5 bands, threshold 0.8)");
        assertThat(read(unique)).extracting(n -> n.get("id").asText()).containsExactly("web/a.html", "web/c.md");
        JsonNode rep = JSON.readTree(report.toFile());
        assertThat(rep.get("clusters").get(0).get("kept").asText()).isEqualTo("web/a.html");
        assertThat(rep.get("clusters").get(0).get("removed")).extracting(n -> n.get("id").asText()).containsExactly("web/b.txt", "web/d.jsonl.gz#1");

        Path good = dir.resolve("good.jsonl"), bad = dir.resolve("bad.jsonl");
        CliRun h = CliRun.run("data", "heuristics", unique.toString(), "--out", good.toString(), "--rejected", bad.toString(),
                "--rule", "min_words=40", "--report", dir.resolve("h.json").toString());
        assertThat(h.exitCode()).as(h.err()).isZero();
        assertThat(h.out()).matches("2 documents → 1 kept, 1 dropped, [0-9.]+ s\n  min_words +1\n");
        assertThat(read(bad)).singleElement().satisfies(n -> assertThat(n.get("reason").asText()).isEqualTo("min_words: 5 words < 40"));
        assertThat(JSON.readTree(dir.resolve("h.json").toFile()).get("dropped_by").get("min_words").asLong()).isEqualTo(1);

        Path scored = dir.resolve("scored.jsonl");
        Files.write(scored, List.of("{\"id\":\"a\",\"text\":\"x\",\"quality\":3.5}", "{\"id\":\"b\",\"text\":\"y\",\"quality\":1}",
                "{\"id\":\"c\",\"text\":\"z\",\"quality\":4}", "{\"id\":\"d\",\"text\":\"w\"}"));
        CliRun f = CliRun.run("data", "filter", scored.toString(), "--out", dir.resolve("t.jsonl").toString(), "--threshold", "3");
        assertThat(f.exitCode()).as(f.err()).isZero();
        assertThat(f.out()).startsWith("4 documents → 2 kept (1 below, 1 without \"quality\")");
        assertThat(read(dir.resolve("t.jsonl"))).extracting(n -> n.get("id").asText()).containsExactly("a", "c");
        CliRun top = CliRun.run("data", "filter", scored.toString(), "--out", dir.resolve("p.jsonl").toString(), "--top-percent", "34");
        assertThat(top.exitCode()).as(top.err()).isZero();
        // 3 documents have the field: the top 34 % is ceil(1.02) = 2 of them
        assertThat(read(dir.resolve("p.jsonl"))).extracting(n -> n.get("id").asText()).containsExactly("a", "c");
    }

    @Test
    void runExecutesAPipelineFileAndSkipsFinishedStepsOnRerun(@TempDir Path dir) throws IOException {
        corpus(dir);
        Path p = dir.resolve("pipeline.json");
        Files.writeString(p, """
                {"input": ["corpus"], "work_dir": "work", "output": "curated.jsonl", "threads": 2,
                 "steps": [{"ingest": {"field": "content"}}, {"dedup": {}}, {"heuristics": {"rules": {"min_words": 40}}},
                           {"score": {"scorer": "length"}}, {"filter": {"threshold": 1}}]}""");
        CliRun r = CliRun.run("data", "run", p.toString());
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.out()).contains(" 1 ingest ").contains("4 documents from 4 files")
                .contains(" 2 dedup ").contains("4 → 2 documents (1 exact, 1 near duplicates)")
                .contains(" 3 heuristics ").contains("2 → 1 documents")
                .contains("output: " + dir.resolve("curated.jsonl"));
        assertThat(read(dir.resolve("curated.jsonl"))).singleElement()
                .satisfies(n -> assertThat(n.get("quality").asDouble()).isCloseTo(Math.log1p(PROSE.split(" ").length), org.assertj.core.data.Offset.offset(1e-9)));
        CliRun again = CliRun.run("data", "run", p.toString());
        assertThat(again.out()).contains(" 1 ingest     done before").contains(" 5 filter     done before");
    }

    @Test
    void badInputsGiveOneLineErrors(@TempDir Path dir) throws IOException {
        String out = dir.resolve("o.jsonl").toString();
        Path missing = dir.resolve("missing.jsonl");
        assertError(CliRun.run("data", "dedup", missing.toString(), "--out", out), "phi: " + missing + ": file not found");
        assertError(CliRun.run("data", "ingest", missing.toString(), "--out", out), "phi: " + missing + ": file not found");
        Path bad = dir.resolve("bad.jsonl");
        Files.writeString(bad, "{\"id\":\"a\",\"text\":\"fine\"}\n\n{\"id\":\"b\",\"text\":\"broken\"\n");
        CliRun h = CliRun.run("data", "heuristics", bad.toString(), "--out", out);
        assertThat(h.exitCode()).isEqualTo(2);
        assertThat(h.err()).startsWith("phi: " + bad + ":3: malformed JSON: ").endsWith("\n").hasLineCount(1);
        assertError(CliRun.run("data", "heuristics", bad.toString(), "--out", out, "--rule", "min_wrds=3"),
                "phi: unknown heuristic rule \"min_wrds\" (known: " + String.join(", ", io.phi4j.data.curate.HeuristicOptions.DEFAULTS.keySet()) + ")");
        assertError(CliRun.run("data", "filter", bad.toString(), "--out", out, "--top-percent", "0"),
                "phi: --top-percent must be in (0, 100], got 0.0");
        assertError(CliRun.run("data", "dedup", bad.toString(), "--out", out, "--bands", "4"), "phi: give --bands and --rows together");
        Path p = dir.resolve("p.json");
        Files.writeString(p, "{\"input\": \"bad.jsonl\", \"work_dir\": \"w\", \"steps\": [{\"dedup\": {}}, {\"polish\": {}}]}");
        assertError(CliRun.run("data", "run", p.toString()),
                "phi: " + p + ": step 2: unknown step \"polish\" (known: ingest, dedup, heuristics, score, filter, tokenize)");
        Files.writeString(p, "{\"input\": \"bad.jsonl\", \"work_dir\": \"w\", \"steps\": [{\"dedup\": {}}]}");
        assertError(CliRun.run("data", "run", p.toString(), "--engine", "spark"),
                "phi: the Spark engine is not on the class path: build module phi4j-spark and run its jar (see docs/data-quality.md)");
        CliRun crash = CliRun.run("data", "run", p.toString());
        assertThat(crash.exitCode()).isEqualTo(2);
        assertThat(crash.err()).startsWith("phi: step 1 (dedup): " + bad + ":3: malformed JSON: ").hasLineCount(1);
    }
}
