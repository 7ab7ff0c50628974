package io.phi4j.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code phi data …}: dataset tools. */
@Command(name = "data", mixinStandardHelpOptions = true,
        description = "Prepare training data: synthetic textbooks, curated corpora (ingest, deduplication, quality"
                + " rules, educational-value annotation and classifiers, filters, pipelines), tokenizers, token shards.",
        footerHeading = "%nExamples:%n",
        footer = {"  phi data synth --out corpus --tokens 20000000 --seed 1",
                "  phi data train-tokenizer corpus/train.jsonl --vocab 4096 --out tok",
                "  phi data tokenize corpus/train.jsonl --tokenizer tok --out shards",
                "  phi data annotate web.jsonl --out ann.jsonl --endpoint http://localhost:8080/v1 --model phi-2",
                "  phi data train-classifier --labels ann.jsonl --embed-model phi-2.gguf --out clf",
                "  phi data score web.jsonl --classifier clf --out scored.jsonl",
                "  phi data ingest pages/ --out docs.jsonl && phi data dedup docs.jsonl --out unique.jsonl",
                "  phi data run pipeline.json"},
        subcommands = {
                DataSynthCommand.class,
                DataAnnotateCommand.class,
                DataTrainClassifierCommand.class,
                DataScoreCommand.class,
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
