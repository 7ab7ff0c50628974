package io.phi4j.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code phi data …}: dataset tools. */
@Command(name = "data", mixinStandardHelpOptions = true,
        description = "Prepare training data: synthetic textbooks, curated corpora, tokenizers, token shards.",
        footerHeading = "%nExamples:%n",
        footer = {"  phi data synth --out corpus --tokens 20000000 --seed 1",
                "  phi data train-tokenizer corpus/train.jsonl --vocab 4096 --out tok",
                "  phi data tokenize corpus/train.jsonl --tokenizer tok --out shards",
                "  phi data ingest pages/ --out docs.jsonl && phi data dedup docs.jsonl --out unique.jsonl",
                "  phi data run pipeline.json"},
        subcommands = {
                DataSynthCommand.class,
                DataIngestCommand.class,
                DataDedupCommand.class,
                DataHeuristicsCommand.class,
                DataFilterCommand.class,
                DataRunCommand.class,
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
