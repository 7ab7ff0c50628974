package io.phi4j.train;

import io.phi4j.train.ckpt.Checkpoints;
import io.phi4j.train.run.Metrics;
import io.phi4j.train.run.TrainOptions;
import io.phi4j.train.run.Trainer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.StringWriter;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Crash safety: a training process is killed with SIGKILL mid-run, resumed from its last checkpoint, and
 * produces exactly (bit for bit) the training and validation losses of an uninterrupted run.
 */
class ResumeAfterKillTest {
    static TrainOptions recipe(Path data) {
        TrainOptions o = new TrainOptions();
        o.arch = "tiny,hidden=48,layers=2,heads=4,ctx=64";
        o.data = data.toString();
        o.steps = 24;
        o.batch = 2;
        o.accum = 2;
        o.ctx = 32;
        o.lr = 3e-3;
        o.warmup = 5;
        o.evalEvery = 8;
        o.evalBatches = 2;
        o.saveEvery = 3;
        o.residPdrop = 0.1;
        o.embdPdrop = 0.05;
        o.threads = 2;
        o.peakGflops = 100.0;
        o.seed = 7L;
        return o;
    }

    @Test
    void resumedRunRetracesTheUninterruptedOneExactly(@TempDir Path tmp) throws Exception {
        Path data = TestData.writeDataset(Files.createDirectories(tmp.resolve("data")), 64, 20000, 3000);
        TrainOptions o = recipe(data);
        Path recipeFile = tmp.resolve("recipe.json");
        Files.writeString(recipeFile, o.toJson());

        // the reference: one uninterrupted run, in this JVM
        Path full = tmp.resolve("full");
        Trainer.run(full, o, false, new PrintWriter(new StringWriter()), false);

        // a child JVM, killed with SIGKILL once it has written a checkpoint at step 9 or later
        Path killed = tmp.resolve("killed");
        ProcessBuilder pb = new ProcessBuilder(javaBin(), "--add-modules", "jdk.incubator.vector", "-cp",
                System.getProperty("java.class.path"), TrainMain.class.getName(), killed.toString(), recipeFile.toString());
        pb.redirectErrorStream(true).redirectOutput(tmp.resolve("child.log").toFile());
        Process child = pb.start();
        Checkpoints ckpts = new Checkpoints(killed);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        long killedAfter = -1;
        while (System.nanoTime() < deadline && child.isAlive()) {
            long step = latestStep(ckpts);
            if (step >= 9) {
                killedAfter = step;
                child.destroyForcibly(); // SIGKILL on Unix: no shutdown hooks, no finally blocks
                break;
            }
            Thread.sleep(20);
        }
        child.waitFor(30, TimeUnit.SECONDS);
        assertThat(killedAfter).as("child log:\n%s", Files.readString(tmp.resolve("child.log"))).isGreaterThanOrEqualTo(9);
        assertThat(killedAfter).as("killed before finishing").isLessThan(o.steps);

        // resume (in this JVM) from whatever the killed process left
        Trainer.Result r = Trainer.run(killed, TrainOptions.empty(), true, new PrintWriter(new StringWriter()), false);
        assertThat(r.steps()).isEqualTo(24);

        List<String> expected = lossLines(full.resolve("metrics.jsonl"));
        List<String> actual = lossLines(killed.resolve("metrics.jsonl"));
        assertThat(expected).hasSize(24 + 4);
        assertThat(actual).isEqualTo(expected);
        assertThat(Files.readAllBytes(ckpts.latest().resolve("model.safetensors")))
                .isEqualTo(Files.readAllBytes(new Checkpoints(full).latest().resolve("model.safetensors")));
    }

    /**
     * The step of the child's newest checkpoint, or -1. The child keeps writing while we look: between reading
     * {@code latest} and reading that checkpoint's state, a newer checkpoint may replace it and the old directory
     * be deleted (as designed), so a vanished checkpoint just means "look again".
     */
    private static long latestStep(Checkpoints ckpts) {
        try {
            Path latest = ckpts.latest();
            return latest == null ? -1 : Checkpoints.readState(latest).step();
        } catch (RuntimeException e) {
            return -1;
        }
    }

    /** "step loss" / "step val val_loss" lines with every digit. */
    static List<String> lossLines(Path metrics) {
        List<String> out = new ArrayList<>();
        for (Metrics.Entry e : Metrics.read(metrics)) {
            out.add(e.isEval() ? e.step() + " val " + e.valLoss() : e.step() + " " + e.loss() + " " + e.fields().get("grad_norm"));
        }
        return out;
    }

    static String javaBin() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }
}
