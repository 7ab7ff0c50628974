package io.phi4j.spark;

import io.phi4j.convert.Progress;
import io.phi4j.data.curate.PipelineEngine;

/** Makes {@code phi data run --engine spark} find {@link SparkEngine} when this module is on the class path. */
public final class SparkEngineProvider implements PipelineEngine.Provider {
    @Override
    public String name() {
        return "spark";
    }

    @Override
    public PipelineEngine create(String master, int threads, Progress progress) {
        return new SparkEngine(master != null ? master : System.getProperty("spark.master", "local[" + threads + "]"), progress);
    }
}
