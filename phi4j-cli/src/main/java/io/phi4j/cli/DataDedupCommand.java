package io.phi4j.cli;

import io.phi4j.data.curate.DedupOptions;
import io.phi4j.data.curate.DedupResult;
import io.phi4j.data.curate.Deduplicator;
import io.phi4j.data.curate.LocalSteps;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.file.Path;
import java.util.concurrent.Callable;

@Command(name = "dedup", mixinStandardHelpOptions = true,
        description = {"Remove exact duplicates (SHA-256 of the whitespace-normalised text) and near-duplicates"
                + " (MinHash of word shingles + LSH banding, confirmed by estimated Jaccard similarity ≥ threshold)."
                + " The first document of each cluster is kept; --report lists the clusters removed."},
        footerHeading = "%nExamples:%n",
        footer = {"  phi data dedup docs.jsonl --out unique.jsonl --report dedup.json",
                "  phi data dedup docs.jsonl --out unique.jsonl --threshold 0.7 --shingle 3"})
final class DataDedupCommand implements Callable<Integer> {
    @Parameters(paramLabel = "IN", description = "Documents (JSON Lines with \"id\" and \"text\").")
    Path in;
    @Option(names = "--out", required = true, paramLabel = "FILE", description = "Output JSON Lines file.")
    Path out;
    @Option(names = "--shingle", paramLabel = "N", description = "Words per shingle (default 5).")
    Integer shingle;
    @Option(names = "--bands", paramLabel = "B", description = "LSH bands (default 20, with --rows 5).")
    Integer bands;
    @Option(names = "--rows", paramLabel = "R", description = "Rows (MinHash values) per band.")
    Integer rows;
    @Option(names = "--threshold", paramLabel = "J", description = "Estimated Jaccard similarity that makes two documents"
            + " near-duplicates (default 0.8). Without --bands/--rows, also picks the banding for it.")
    Double threshold;
    @Option(names = "--permutations", paramLabel = "N", description = "MinHash permutations when the banding is picked from --threshold (default 100).")
    Integer permutations;
    @Option(names = "--seed", defaultValue = "1", description = "Seed of the MinHash permutations (default: ${DEFAULT-VALUE}).")
    long seed;
    @Option(names = "--exact-only", description = "Only exact duplicates.")
    boolean exactOnly;
    @Option(names = "--report", paramLabel = "FILE", description = "Write the clusters removed and the counts as JSON.")
    Path report;
    @Mixin
    LocalStepOptions local;

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        long t0 = System.nanoTime();
        DedupOptions o = DedupOptions.of(shingle, bands, rows, threshold, permutations, seed, true, !exactOnly);
        DedupResult r;
        try (LocalSteps steps = local.steps()) {
            r = steps.dedup("dedup", CurateSupport.existingFile(in), out, new Deduplicator(o));
        }
        CurateSupport.writeReport(report, r.report());
        CurateSupport.print(spec, "%d documents → %d kept; removed %d exact and %d near-duplicates in %d clusters"
                        + " (%d × %d bands, threshold %s), %s%n", r.documents(), r.kept(), r.exactDuplicates(), r.nearDuplicates(),
                r.clusters().size(), o.lsh().bands(), o.lsh().rows(), o.threshold(), CurateSupport.seconds(t0));
        return Main.EXIT_OK;
    }
}
