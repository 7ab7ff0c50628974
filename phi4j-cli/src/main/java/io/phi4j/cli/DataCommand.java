package io.phi4j.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code phi data}: the commands that make training data. Add new data subcommands to the list below. */
@Command(name = "data", mixinStandardHelpOptions = true,
        description = "Make training data: synthetic textbooks, tokenizers.",
        subcommands = {
                DataSynthCommand.class,
                DataTokenizeCommand.class,
                DataTrainTokenizerCommand.class,
                DataWordNetSubsetCommand.class
        })
final class DataCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
