package io.phi4j.cli;

import io.phi4j.PhiException;
import io.phi4j.data.quality.ClassifierFiles;
import io.phi4j.data.quality.ClassifierTrainer;
import io.phi4j.data.quality.Embedder;
import io.phi4j.data.quality.EmbedderSpec;
import io.phi4j.data.quality.HeadType;
import io.phi4j.data.quality.LabelledExample;
import io.phi4j.data.quality.LabelledSet;
import io.phi4j.data.quality.PhiEmbedder;
import io.phi4j.kernel.WorkerPool;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

@Command(name = "train-classifier", mixinStandardHelpOptions = true,
        description = {"Train an educational-quality classifier: documents are embedded with a phi4j model (mean of"
                + " the final hidden states) and a head is fitted in Java: ridge regression on the 0-5 score"
                + " (FineWeb-Edu), logistic regression on score >= 3 or a random forest (Phi-1).",
                "Labels come from annotations (--labels, field --label-field) or DCLM-style --positive/--negative"
                        + " files (scores 5 and 0). Prints precision, recall, F1 at threshold 3, accuracy and a confusion"
                        + " matrix on held-out labels; writes DIR/classifier.json and DIR/report.json."},
        footerHeading = "%nExamples:%n",
        footer = {"  phi data train-classifier --labels ann.jsonl --embed-model phi-2.Q8_0.gguf --out clf",
                "  phi data train-classifier --positive good.jsonl --negative junk.jsonl --embed-model m.gguf --out clf --head logistic"})
final class DataTrainClassifierCommand implements Callable<Integer> {
    @Option(names = "--labels", paramLabel = "FILE", description = "Labelled documents (JSONL with \"id\", \"text\" and the label).")
    Path labels;

    @Option(names = "--label-field", paramLabel = "NAME", defaultValue = "edu_score", description = "Label field, an integer 0-5 (default edu_score).")
    String labelField;

    @Option(names = "--positive", paramLabel = "FILE", description = "DCLM style: documents to keep (label 5).")
    Path positive;

    @Option(names = "--negative", paramLabel = "FILE", description = "DCLM style: documents to drop (label 0).")
    Path negative;

    @Option(names = "--embed-model", required = true, paramLabel = "MODEL",
            description = "Model for embeddings: a phi4j model (.gguf, .safetensors, Hugging Face dir or cached repo id),"
                    + " or all-MiniLM-L6-v2 (needs the CLI built with -Pminilm).")
    String embedModel;

    @Option(names = "--max-tokens", paramLabel = "N", defaultValue = "512", description = "Embed each document's first N tokens (default 512).")
    int maxTokens;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "Classifier directory (replaced atomically).")
    Path out;

    @Option(names = "--head", paramLabel = "regression|logistic|forest",
            description = "Head: ridge regression on the score, logistic regression on score >= 3, or a random forest of"
                    + " 100 regression trees (default: regression for --labels, logistic for --positive/--negative).")
    String head;

    @Option(names = "--val-fraction", paramLabel = "F", defaultValue = "0.2", description = "Held-out fraction for the report (default 0.2).")
    double valFraction;

    @Option(names = "--l2", paramLabel = "LAMBDA", defaultValue = "0.01", description = "L2 penalty on standardised features (default 0.01).")
    double l2;

    @Option(names = "--seed", paramLabel = "S", defaultValue = "1", description = "Seed of the held-out split (default 1).")
    long seed;

    @Option(names = "--threads", paramLabel = "N", description = "Worker threads for the embedding model (default: all cores).")
    int threads;

    @Mixin
    QuietOption quiet;

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        boolean sources = positive != null || negative != null;
        if (sources && labels != null) {
            throw new PhiException("use either --labels or --positive/--negative, not both");
        }
        if (!sources && labels == null) {
            throw new PhiException("no training labels: use --labels FILE or --positive FILE --negative FILE");
        }
        if (sources && (positive == null || negative == null)) {
            throw new PhiException("DCLM-style training needs both --positive and --negative");
        }
        HeadType h = head != null ? HeadType.named(head) : sources ? HeadType.LOGISTIC : HeadType.REGRESSION;
        List<LabelledExample> examples = sources ? LabelledSet.fromSources(positive, negative)
                : LabelledSet.fromLabels(labels, labelField);
        if (examples.isEmpty()) {
            throw new PhiException("no labelled documents in " + (sources ? positive + " and " + negative : labels));
        }
        if (!(valFraction >= 0 && valFraction < 1)) {
            throw new PhiException("--val-fraction must be in [0, 1), not " + valFraction);
        }
        if (threads > 0) {
            WorkerPool.setSharedThreads(threads);
        }
        ClassifierTrainer.Trained t;
        if (maxTokens < 1) {
            throw new PhiException("--max-tokens must be at least 1, not " + maxTokens);
        }
        EmbedderSpec named = Embedder.forName(embedModel, maxTokens);
        try (Embedder embedder = named != null ? Embedder.open(named)
                : PhiEmbedder.open(ModelResolver.resolve(embedModel), maxTokens)) {
            t = ClassifierTrainer.train(examples, embedder, h, valFraction, seed, l2,
                    new DocumentProgress(quiet.progress()));
        }
        ClassifierFiles.save(out, t.classifier(), t.report());
        PrintWriter w = spec.commandLine().getOut();
        w.printf("trained a %s head on %d documents (%d-dimensional embeddings), %d held out, %.1f s%n",
                h.label(), t.trainCount(), t.classifier().dimension(), t.heldOutCount(), t.seconds());
        if (t.heldOut() != null) {
            w.print("held-out: " + t.heldOut().format());
        }
        w.printf("train: precision %.3f  recall %.3f  F1 %.3f  accuracy %.3f%n", t.training().binary().precision(),
                t.training().binary().recall(), t.training().binary().f1(), t.training().binary().accuracy());
        w.printf("wrote %s (classifier.json, report.json)%n", out);
        w.flush();
        return Main.EXIT_OK;
    }
}
