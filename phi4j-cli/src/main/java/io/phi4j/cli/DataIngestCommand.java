package io.phi4j.cli;

import io.phi4j.data.curate.IngestOptions;
import io.phi4j.data.curate.Ingester;
import io.phi4j.data.curate.LocalSteps;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

@Command(name = "ingest", mixinStandardHelpOptions = true,
        description = {"Turn text, Markdown, HTML, JSON Lines and Parquet files (and directories of them, .gz and .zst"
                + " too) into one JSON Lines file of documents {\"id\", \"source\", \"text\", …} with NFC-normalised"
                + " text. HTML becomes its visible text; JSON Lines and Parquet fields other than the text pass through."},
        footerHeading = "%nExamples:%n",
        footer = {"  phi data ingest pages/ dump.jsonl.gz --out docs.jsonl --source web",
                "  phi data ingest shard-0.parquet --field content --out docs.jsonl"})
final class DataIngestCommand implements Callable<Integer> {
    @Parameters(arity = "1..*", paramLabel = "INPUT", description = "Files or directories.")
    List<Path> inputs;
    @Option(names = "--out", required = true, paramLabel = "FILE", description = "Output JSON Lines file.")
    Path out;
    @Option(names = "--field", defaultValue = "text", description = "Text field of JSON Lines and column of Parquet inputs (default: ${DEFAULT-VALUE}).")
    String field;
    @Option(names = "--source", paramLabel = "NAME", description = "Source name of the documents (default: each input's file or directory name).")
    String source;
    @Option(names = "--separator", paramLabel = "S", description = "Split text files into documents wherever S occurs (e.g. '<|endoftext|>').")
    String separator;
    @Mixin
    QuietOption quiet;

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        long t0 = System.nanoTime();
        Ingester ing;
        try (LocalSteps steps = new LocalSteps(1, CurateSupport.documents(quiet.progress()))) {
            ing = steps.ingest("ingest", inputs, new IngestOptions(field, source, separator), out);
        }
        CurateSupport.print(spec, "ingested %d documents from %d files → %s (%d empty skipped%s), %s%n",
                ing.documents(), ing.filesRead(), out, ing.empty(),
                ing.latin1Files() == 0 ? "" : ", " + ing.latin1Files() + " files read as Latin-1", CurateSupport.seconds(t0));
        return Main.EXIT_OK;
    }
}
