package io.phi4j.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code phi data …}: dataset tools. */
@Command(name = "data", mixinStandardHelpOptions = true,
        description = "Prepare training data: synthetic textbooks, tokenizers, token shards.",
        footerHeading = "%nExamples:%n",
        footer = {"  phi data synth --out corpus --tokens 20000000 --seed 1",
                "  phi data train-tokenizer corpus/train.jsonl --vocab 4096 --out tok",
                "  phi data tokenize corpus/train.jsonl --tokenizer tok --out shards"},
        subcommands = {
                DataSynthCommand.class,
                DataTokenizeCommand.class,
                DataTrainTokenizerCommand.class,
                DataWordNetSubsetCommand.class,
                CommandLine.HelpCommand.class
        })
final class DataCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
