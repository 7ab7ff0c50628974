package io.phi4j.data.curate;

import io.phi4j.PhiException;
import io.phi4j.convert.Progress;

import java.util.List;
import java.util.ServiceLoader;

/**
 * Runs a {@link Pipeline}: {@link LocalEngine} here, others (Spark, in module phi4j-spark) found through
 * {@link ServiceLoader} by name when their module is on the class path.
 */
public interface PipelineEngine {
    List<StepResult> run(Pipeline p);

    /** Makes an engine; registered in {@code META-INF/services/io.phi4j.data.curate.PipelineEngine$Provider}. */
    interface Provider {
        String name();

        /** {@code master} is the cluster to run on (engine-specific; null for the engine's default). */
        PipelineEngine create(String master, int threads, Progress progress);
    }

    static PipelineEngine create(String name, String master, int threads, Progress progress) {
        if (name.equals("local")) {
            if (master != null) {
                throw new PhiException("--master is for --engine spark");
            }
            return new LocalEngine(threads, progress);
        }
        for (Provider p : ServiceLoader.load(Provider.class)) {
            if (p.name().equals(name)) {
                return p.create(master, threads, progress);
            }
        }
        if (name.equals("spark")) {
            throw new PhiException("the Spark engine is not on the class path: build module phi4j-spark and run its jar"
                    + " (see docs/data-quality.md)");
        }
        throw new PhiException("unknown engine \"" + name + "\" (known: local, spark)");
    }
}
