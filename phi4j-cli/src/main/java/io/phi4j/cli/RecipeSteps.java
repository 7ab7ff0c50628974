package io.phi4j.cli;

import io.phi4j.PhiException;
import io.phi4j.format.safetensors.AtomicFile;
import io.phi4j.train.ckpt.Checkpoints;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Runs a recipe's {@code prepare} and {@code finish} command lines through the same command line parser as the
 * {@code phi} command. Completed prepare steps are remembered in {@code RUN_DIR/prepared.txt} (one command line
 * per line), so running the recipe again after a crash does not rebuild data that is already complete: a step is
 * recorded only after it returned successfully, and the commands write their own outputs atomically.
 */
final class RecipeSteps {
    static final String PREPARED = "prepared.txt";

    private RecipeSteps() {
    }

    static void prepare(Recipe recipe, Path runDir, PrintWriter out, PrintWriter err) {
        if (recipe.prepare().isEmpty()) {
            return;
        }
        Path record = runDir.resolve(PREPARED);
        Set<String> done = new HashSet<>(readLines(record));
        StringBuilder all = new StringBuilder(String.join("\n", readLines(record)));
        for (List<String> cmd : recipe.prepare()) {
            String[] args = Recipe.expand(cmd, runDir, null);
            String line = String.join(" ", args);
            if (done.contains(line)) {
                err.println("recipe: already done: phi " + line);
                continue;
            }
            run(args, line, out, err);
            if (!all.isEmpty()) {
                all.append('\n');
            }
            all.append(line);
            try {
                Files.createDirectories(runDir);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            AtomicFile.writeString(record, all + "\n");
        }
    }

    static void finish(Recipe recipe, Path runDir, PrintWriter out, PrintWriter err) {
        if (recipe.finish().isEmpty()) {
            return;
        }
        Path checkpoint = latestCheckpoint(runDir);
        for (List<String> cmd : recipe.finish()) {
            String[] args = Recipe.expand(cmd, runDir, checkpoint);
            run(args, String.join(" ", args), out, err);
        }
    }

    private static void run(String[] args, String line, PrintWriter out, PrintWriter err) {
        err.println("recipe: phi " + line);
        err.flush();
        var cl = Main.newCommandLine();
        cl.setOut(out);
        cl.setErr(err);
        int code = cl.execute(args);
        out.flush();
        err.flush();
        if (code != Main.EXIT_OK) {
            throw new PhiException("recipe step 'phi " + line + "' failed (exit code " + code + ")");
        }
    }

    private static Path latestCheckpoint(Path runDir) {
        Path dir = runDir.resolve("checkpoints");
        Path latest = dir.resolve(Checkpoints.LATEST);
        try {
            return dir.resolve(Files.readString(latest).strip());
        } catch (IOException e) {
            throw new PhiException(runDir + ": no finished checkpoint (" + latest + " is missing)");
        }
    }

    private static List<String> readLines(Path file) {
        try {
            return Files.exists(file) ? Files.readAllLines(file).stream().filter(s -> !s.isBlank()).toList() : List.of();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
