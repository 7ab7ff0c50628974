package io.phi4j.cli;

import io.phi4j.data.curate.LocalSteps;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code --threads} and {@code --quiet} of the curation commands that run one step on this machine. */
final class LocalStepOptions {
    @Option(names = "--threads", paramLabel = "N", description = "Worker threads (default: all cores).")
    Integer threads;
    @Mixin
    QuietOption quiet;

    /** The step runner these options ask for: the thread count checked, progress counted in documents. */
    LocalSteps steps() {
        return new LocalSteps(CurateSupport.threads(threads), CurateSupport.documents(quiet.progress()));
    }
}
