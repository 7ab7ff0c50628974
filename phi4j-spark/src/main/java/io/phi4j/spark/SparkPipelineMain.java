package io.phi4j.spark;

import io.phi4j.PhiException;
import io.phi4j.convert.Progress;
import io.phi4j.data.curate.Pipeline;
import io.phi4j.data.curate.StepResult;

import java.nio.file.Path;
import java.util.List;

/**
 * Entry point for {@code spark-submit}: {@code spark-submit --class io.phi4j.spark.SparkPipelineMain
 * --master spark://host:7077 phi4j-spark.jar PIPELINE.json}. The master comes from spark-submit (or
 * {@code --master URL} here when run with plain {@code java}).
 */
public final class SparkPipelineMain {
    private SparkPipelineMain() {
    }

    public static void main(String[] args) {
        String master = null;
        Path pipeline = null;
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--master") && i + 1 < args.length) {
                master = args[++i];
            } else if (pipeline == null && !args[i].startsWith("-")) {
                pipeline = Path.of(args[i]);
            } else {
                System.err.println("usage: SparkPipelineMain [--master URL] PIPELINE.json");
                System.exit(2);
            }
        }
        if (pipeline == null) {
            System.err.println("usage: SparkPipelineMain [--master URL] PIPELINE.json");
            System.exit(2);
        }
        try {
            List<StepResult> r = new SparkEngine(master, Progress.NONE).run(Pipeline.load(pipeline));
            for (StepResult s : r) {
                System.out.printf("%2d %-10s %6.1f s  %s%n", s.index(), s.name(), s.seconds(), s.report());
            }
        } catch (PhiException e) {
            System.err.println("phi: " + e.getMessage());
            System.exit(2);
        }
    }
}
