package io.phi4j.train;

import io.phi4j.PhiException;
import io.phi4j.train.run.TrainOptions;
import io.phi4j.train.run.Trainer;

import java.nio.file.Path;

/**
 * A minimal entry point, {@code TrainMain RUN_DIR RECIPE.json [--resume]}, for scripts and for tests that must
 * train in a separate process (to kill it). Users run {@code phi train}.
 */
public final class TrainMain {
    private TrainMain() {
    }

    public static void main(String[] args) {
        if (args.length < 2 || args.length > 3 || (args.length == 3 && !args[2].equals("--resume"))) {
            System.err.println("usage: TrainMain RUN_DIR RECIPE.json [--resume]");
            System.exit(2);
        }
        try {
            boolean resume = args.length == 3;
            TrainOptions given = resume ? TrainOptions.empty() : TrainOptions.read(Path.of(args[1]));
            Trainer.run(Path.of(args[0]), given, resume, new java.io.PrintWriter(System.err, true), false);
        } catch (PhiException e) {
            System.err.println("phi: " + e.getMessage());
            System.exit(2);
        }
    }
}
