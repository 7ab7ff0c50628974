package io.phi4j.cli;

import picocli.CommandLine.Option;

/** {@code -q/--quiet}: no progress bars or status lines on standard error (errors are still printed). */
final class QuietOption {
    @Option(names = {"-q", "--quiet"}, description = "No progress bars or status messages (errors are still shown).")
    boolean quiet;

    /** Progress on standard error, shown only on a terminal and without --quiet. */
    ProgressBars progress() {
        return new ProgressBars(!quiet && Terminal.isTerminal(Terminal.STDERR), Terminal.colour(Terminal.STDERR));
    }
}
