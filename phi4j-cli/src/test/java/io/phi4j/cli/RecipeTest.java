package io.phi4j.cli;

import io.phi4j.Model;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code phi train --recipe}: a recipe builds its own data (synthetic lessons → tokenizer → shards), trains and
 * finishes (quantize, evaluate) with one command, the way recipes/phi4j-tiny.json makes the default model.
 */
class RecipeTest {
    private static String recipe(Path run) {
        return """
                {
                  "out": "%s",
                  "prepare": [
                    ["data", "synth", "--out", "{out}/corpus", "--tokens", "20000", "--seed", "1", "--families", "add-sub,stories"],
                    ["data", "synth", "--out", "{out}/corpus", "--tokens", "3000", "--seed", "2", "--heldout", "--families", "add-sub"],
                    ["data", "train-tokenizer", "{out}/corpus/train.jsonl", "--vocab", "300", "--split-digits", "--out", "{out}/tokenizer"],
                    ["data", "tokenize", "{out}/corpus/train.jsonl", "--tokenizer", "{out}/tokenizer", "--out", "{out}/shards", "--val-fraction", "0.05"]
                  ],
                  "arch": "tiny,hidden=32,heads=2,layers=2,ctx=128",
                  "data": "{out}/shards",
                  "steps": 3, "batch": 2, "ctx": 32, "eval_every": 3, "eval_batches": 1, "threads": 2, "peak_gflops": 50,
                  "finish": [
                    ["quantize", "{checkpoint}", "{out}/tiny.gguf", "--type", "q8_0", "--name", "recipe-tiny"],
                    ["eval", "--model", "{out}/tiny.gguf", "--tasks", "textbooks", "--data", "{out}/corpus/heldout.jsonl", "--limit", "4", "--output", "{out}/results.json"]
                  ]
                }
                """.formatted(run.toString().replace("\\", "\\\\"));
    }

    @Test
    void oneCommandFromDataToQuantizedModel(@TempDir Path tmp) throws Exception {
        Path run = tmp.resolve("run");
        Path file = Files.writeString(tmp.resolve("recipe.json"), recipe(run));
        CliRun r = CliRun.run("train", "--recipe", file.toString());
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.err()).contains("recipe: phi data synth --out " + run + "/corpus")
                .contains("recipe: phi quantize " + run + "/checkpoints/step-000003 " + run + "/tiny.gguf --type q8_0 --name recipe-tiny");
        // the default answer budget (256 tokens) is more than this model's whole context (128): it shrinks to fit
        assertThat(r.out()).contains("trained 3 steps").contains("textbooks");
        assertThat(Files.readAllLines(run.resolve(RecipeSteps.PREPARED))).hasSize(4);
        // digits were never merged: every number is one token per digit
        try (Model m = Model.load(run.resolve("tiny.gguf"))) {
            assertThat(m.config().numLayers()).isEqualTo(2);
            assertThat(m.tokenizer().encode(" 4821")).hasSize(5);
        }
        // named as the recipe says, not after the checkpoint directory (step-000003)
        assertThat(CliRun.run("info", "-m", run.resolve("tiny.gguf").toString()).out()).contains("general.name       recipe-tiny");
        assertThat(Files.readString(run.resolve("results.json"))).contains("\"acc,none\"").contains("acc_add-sub");

        // after a crash before training the prepared steps are skipped, and the run refuses to start twice
        CliRun again = CliRun.run("train", "--recipe", file.toString());
        assertThat(again.exitCode()).isEqualTo(2);
        assertThat(again.err()).contains("recipe: already done: phi data synth").contains("already holds a training run");
    }

    @Test
    void badRecipes(@TempDir Path tmp) throws Exception {
        for (var c : List.of(
                List.of("[1, 2]", "a recipe is a JSON object"),
                List.of("{\"out\": 3}", "\"out\" must be a string"),
                List.of("{\"prepare\": \"data synth\"}", "\"prepare\" must be a list of phi command lines"),
                List.of("{\"prepare\": [[\"train\", \"--arch\", \"tiny\"]]}", "cannot run 'phi train' itself"),
                List.of("{\"finish\": [[]]}", "must be a non-empty array of strings"),
                List.of("{\"stepz\": 3}", "unknown recipe key \"stepz\""),
                List.of("{\"arch\": \"tiny\"", "not a valid recipe"))) {
            Path f = Files.writeString(tmp.resolve("r.json"), c.get(0));
            CliRun r = CliRun.run("train", "--recipe", f.toString(), "--out", tmp.resolve("o").toString());
            assertThat(r.exitCode()).as(c.get(0)).isEqualTo(2);
            assertThat(r.err()).as(c.get(0)).startsWith("phi: ").contains(c.get(1)).hasLineCount(1);
        }
        CliRun missing = CliRun.run("train", "--recipe", tmp.resolve("nope.json").toString());
        assertThat(missing.err()).contains("nope.json: no such recipe file");
        Path noOut = Files.writeString(tmp.resolve("n.json"), "{\"arch\": \"tiny\"}");
        assertThat(CliRun.run("train", "--recipe", noOut.toString()).err()).contains("--out RUN_DIR is required");
        Path failing = Files.writeString(tmp.resolve("f.json"), "{\"prepare\": [[\"data\", \"tokenize\", \"" + tmp.resolve("none.jsonl")
                + "\", \"--tokenizer\", \"x\", \"--out\", \"y\"]]}");
        CliRun f = CliRun.run("train", "--recipe", failing.toString(), "--out", tmp.resolve("o2").toString());
        assertThat(f.exitCode()).isEqualTo(2);
        assertThat(f.err()).contains("recipe step 'phi data tokenize").contains("failed (exit code 2)");
    }
}
