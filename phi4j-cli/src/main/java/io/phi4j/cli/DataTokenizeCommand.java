package io.phi4j.cli;

import io.phi4j.kernel.WorkerPool;
import io.phi4j.train.data.DatasetBuilder;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

@Command(name = "tokenize", mixinStandardHelpOptions = true,
        description = {"Tokenize text, Markdown and JSON Lines files into token shards for 'phi train': DIR/train-NNNNN.tok,",
                "a held-out DIR/val-NNNNN.tok, the tokenizer files and DIR/dataset.json. Each document ends with the",
                "end-of-text token. A text or Markdown file is one document; a .jsonl file has one per line."},
        footerHeading = "%nExamples:%n",
        footer = {"  phi data tokenize book.txt notes/ --tokenizer ./phi-2 --out shards/",
                "  phi data tokenize corpus.jsonl --field content --tokenizer tokenizer.json --out shards/ --val-fraction 0.01"})
final class DataTokenizeCommand implements Callable<Integer> {
    @Parameters(arity = "1..*", paramLabel = "FILES", description = "Files or directories (searched for .txt, .md, .rst, .jsonl and source code such as .py, .java).")
    List<Path> files;
    @Option(names = "--tokenizer", required = true, paramLabel = "T", description = "A Hugging Face model directory or a tokenizer.json.")
    Path tokenizer;
    @Option(names = "--out", required = true, paramLabel = "DIR", description = "Output directory.")
    Path out;
    @Option(names = "--field", defaultValue = "text", description = "JSON Lines field holding the text (default: ${DEFAULT-VALUE}).")
    String field;
    @Option(names = "--val-fraction", defaultValue = "0.05", description = "Share of documents held out for validation (default: ${DEFAULT-VALUE}).")
    double valFraction;
    @Option(names = "--seed", defaultValue = "0", description = "Seed of the train/validation split (default: ${DEFAULT-VALUE}).")
    long seed;
    @Option(names = "--shard-tokens", defaultValue = "100000000", description = "Tokens per shard file (default: ${DEFAULT-VALUE}).")
    int shardTokens;

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        DatasetBuilder.Summary s = new DatasetBuilder(tokenizer, out).field(field).valFraction(valFraction).seed(seed)
                .shardTokens(shardTokens).build(files, WorkerPool.shared());
        PrintWriter o = spec.commandLine().getOut();
        o.printf(Locale.ROOT, "%d files → %s%n  train: %,d documents, %,d tokens in %d shard%s%n  val:   %,d documents, %,d tokens in %d shard%s%n",
                s.files(), out, s.trainDocuments(), s.trainTokens(), s.trainShards(), s.trainShards() == 1 ? "" : "s",
                s.valDocuments(), s.valTokens(), s.valShards(), s.valShards() == 1 ? "" : "s");
        o.flush();
        return Main.EXIT_OK;
    }
}
