package io.phi4j.cli;

import io.phi4j.PhiException;
import io.phi4j.data.quality.QualityFileScorer;
import io.phi4j.data.quality.QualityScorer;
import io.phi4j.kernel.WorkerPool;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;

@Command(name = "score", mixinStandardHelpOptions = true,
        description = {"Add a \"quality\" field (0-5) to every document with a classifier from phi data"
                + " train-classifier, streaming, in input order; other fields pass through unchanged.",
                "quality is the regression or forest head's predicted score clamped to 0-5, or 5 x the logistic head's"
                        + " probability of score >= 3; every head calls a document educational at quality >= 2.5."},
        footerHeading = "%nExamples:%n",
        footer = {"  phi data score web.jsonl --classifier clf --out web-scored.jsonl"})
final class DataScoreCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "IN.jsonl", description = "Documents: JSON lines with \"id\" and \"text\".")
    Path in;

    @Option(names = "--classifier", required = true, paramLabel = "DIR", description = "Classifier directory (classifier.json).")
    Path classifier;

    @Option(names = "--out", required = true, paramLabel = "FILE", description = "Scored documents (written atomically).")
    Path out;

    @Option(names = "--threads", paramLabel = "N", description = "Worker threads of the embedding model's forward pass (default: all cores).")
    int threads;

    @Mixin
    QuietOption quiet;

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        if (threads < 0) {
            throw new PhiException("--threads must be positive, not " + threads);
        }
        if (threads > 0) {
            WorkerPool.setSharedThreads(threads);
        }
        QualityFileScorer.Result r;
        try (QualityScorer scorer = QualityScorer.open(classifier)) {
            r = QualityFileScorer.score(scorer, in, out, new DocumentProgress(quiet.progress()));
        }
        PrintWriter w = spec.commandLine().getOut();
        w.printf("wrote %s: %d documents, mean quality %.2f, %d (%.1f%%) at quality >= 2.5, %.1f s (%.1f docs/s)%n",
                r.out(), r.documents(), r.meanQuality(), r.educational(),
                r.documents() == 0 ? 0 : 100.0 * r.educational() / r.documents(), r.seconds(),
                r.documents() / Math.max(r.seconds(), 1e-9));
        w.flush();
        return Main.EXIT_OK;
    }
}
