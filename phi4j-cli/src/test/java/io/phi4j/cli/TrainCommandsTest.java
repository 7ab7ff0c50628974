package io.phi4j.cli;

import io.phi4j.Model;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** phi data tokenize → phi train → phi train --resume → phi grow, end to end, and their error messages. */
class TrainCommandsTest {
    static Path byteTokenizer() {
        String root = System.getProperty("phi4j.root");
        return (root != null ? Path.of(root) : Path.of("..")).resolve("phi4j-train/src/test/resources/byte-tokenizer")
                .toAbsolutePath().normalize();
    }

    static Path corpus(Path dir) throws Exception {
        Files.createDirectories(dir);
        StringBuilder jsonl = new StringBuilder();
        for (int i = 0; i < 60; i++) {
            jsonl.append("{\"text\": \"def f").append(i).append("(x):\\n    return x * ").append(i).append(" + 1\\n\"}\n");
        }
        Files.writeString(dir.resolve("code.jsonl"), jsonl);
        Files.writeString(dir.resolve("notes.md"), "# Notes\n\n" + "The quick brown fox jumps over the lazy dog. ".repeat(40));
        return dir;
    }

    @Test
    void tokenizeTrainResumeGrow(@TempDir Path tmp) throws Exception {
        CliRun tok = CliRun.run("data", "tokenize", corpus(tmp.resolve("in")).toString(), "--tokenizer",
                byteTokenizer().toString(), "--out", tmp.resolve("shards").toString(), "--val-fraction", "0.1");
        assertThat(tok.exitCode()).as(tok.err()).isZero();
        assertThat(tok.out()).contains("2 files").contains("train:").contains("val:");

        Path run = tmp.resolve("run");
        List<String> common = List.of("--data", tmp.resolve("shards").toString(), "--out", run.toString(),
                "--batch", "2", "--ctx", "32", "--eval-every", "2", "--eval-batches", "1", "--save-every", "2",
                "--threads", "2", "--peak-gflops", "50");
        CliRun train = CliRun.run(concat(List.of("train", "--arch", "tiny,hidden=32,heads=2,layers=2,ctx=64", "--steps", "4"), common));
        assertThat(train.exitCode()).as(train.err()).isZero();
        assertThat(train.out()).startsWith("trained 4 steps: loss ").contains("validation").contains("report.html");
        assertThat(train.err()).contains("step 4/4").contains("MFU");
        assertThat(Files.readAllLines(run.resolve("metrics.jsonl"))).hasSize(4 + 3);
        String report = Files.readString(run.resolve("report.html"));
        assertThat(report).contains("<svg").contains("validation").doesNotContain("http-equiv=\"refresh\"")
                .doesNotContain("<script").doesNotContain("src=\"http");
        Path ckpt = run.resolve("checkpoints/step-000004");
        assertThat(Files.readString(run.resolve("checkpoints/latest")).trim()).isEqualTo("step-000004");
        assertThat(run.resolve("checkpoints/step-000002")).doesNotExist(); // the previous one, deleted once the new one was complete
        for (String f : List.of("model.safetensors", "config.json", "tokenizer.json", "optimizer.safetensors", "trainer_state.json")) {
            assertThat(ckpt.resolve(f)).exists();
        }
        try (Model m = Model.load(ckpt)) {
            assertThat(m.config().hiddenSize()).isEqualTo(32);
            assertThat(m.tokenizer().encode("ab")).containsExactly(97, 98);
        }

        // run again without --resume: refused; with --resume and more steps: continues from step 4
        CliRun again = CliRun.run(concat(List.of("train", "--arch", "tiny,hidden=32,heads=2,layers=2,ctx=64", "--steps", "4"), common));
        assertThat(again.exitCode()).isEqualTo(2);
        assertThat(again.err()).contains("already holds a training run; add --resume");
        CliRun resumed = CliRun.run("train", "--out", run.toString(), "--resume", "--steps", "6");
        assertThat(resumed.exitCode()).as(resumed.err()).isZero();
        assertThat(resumed.err()).contains("resumed from").contains("step 4");
        assertThat(resumed.out()).startsWith("trained 6 steps");

        CliRun grow = CliRun.run("grow", "--from", run.resolve("checkpoints/step-000006").toString(),
                "--to-arch", "tiny,hidden=64,heads=4,layers=3", "--out", tmp.resolve("grown").toString());
        assertThat(grow.exitCode()).as(grow.err()).isZero();
        assertThat(grow.out()).contains("grew hidden 32 → 64, layers 2 → 3");
        double diff = Double.parseDouble(grow.out().replaceAll("(?s).*max \\|logit difference\\| (\\S+) .*", "$1"));
        assertThat(diff).isLessThan(1e-4);
        try (Model m = Model.load(tmp.resolve("grown"))) {
            assertThat(m.config().numLayers()).isEqualTo(3);
            assertThat(m.hasTokenizer()).isTrue();
        }
        CliRun trainGrown = CliRun.run(concat(List.of("train", "--init", tmp.resolve("grown").toString(), "--steps", "2"),
                List.of("--data", tmp.resolve("shards").toString(), "--out", tmp.resolve("run2").toString(), "--batch", "2",
                        "--ctx", "32", "--eval-every", "0", "--threads", "2", "--peak-gflops", "50")));
        assertThat(trainGrown.exitCode()).as(trainGrown.err()).isZero();
    }

    @Test
    void badUsageGivesOneLineErrors(@TempDir Path tmp) throws Exception {
        CliRun r = CliRun.run("train", "--arch", "tiny", "--out", tmp.resolve("r").toString());
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err().strip()).isEqualTo("phi: --data is required (token shards from 'phi data tokenize')");
        r = CliRun.run("train", "--arch", "huge", "--data", tmp.toString(), "--out", tmp.resolve("r").toString());
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).contains("no train-*.tok shards");
        r = CliRun.run("train", "--out", tmp.resolve("nothing").toString(), "--resume");
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).contains("nothing to resume");
        Path recipe = Files.writeString(tmp.resolve("recipe.json"), "{\"stepz\": 3}");
        r = CliRun.run("train", "--recipe", recipe.toString(), "--out", tmp.resolve("r").toString());
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).contains("unknown recipe key \"stepz\"");
        r = CliRun.run("data", "tokenize", tmp.resolve("none.txt").toString(), "--tokenizer", byteTokenizer().toString(),
                "--out", tmp.resolve("o").toString());
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).contains("none.txt: file not found");
        r = CliRun.run("grow", "--from", tmp.resolve("none").toString(), "--to-arch", "tiny", "--out", tmp.resolve("g").toString());
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err().lines().count()).isEqualTo(1);
    }

    private static String[] concat(List<String> a, List<String> b) {
        return java.util.stream.Stream.concat(a.stream(), b.stream()).toArray(String[]::new);
    }
}
