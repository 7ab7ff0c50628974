package io.phi4j.data.quality;

import java.nio.file.Path;

/**
 * A classifier with its embedder: text in, quality (0–5) out. {@link #score} has the shape of the curation
 * pipeline's {@code DocumentScorer} ({@code double score(String text)}), so it plugs into {@code phi data filter}.
 */
public final class QualityScorer implements AutoCloseable {
    private final QualityClassifier classifier;
    private final Embedder embedder;

    public QualityScorer(QualityClassifier classifier, Embedder embedder) {
        if (embedder.dimension() != classifier.dimension()) {
            throw new io.phi4j.PhiException("the embedder gives " + embedder.dimension() + "-dimensional vectors but the"
                    + " classifier expects " + classifier.dimension());
        }
        this.classifier = classifier;
        this.embedder = embedder;
    }

    /** Loads {@code dir}/classifier.json and opens the embedder it names. */
    public static QualityScorer open(Path dir) {
        QualityClassifier c = ClassifierFiles.load(dir);
        Embedder e = Embedder.open(c.embedder());
        try {
            return new QualityScorer(c, e);
        } catch (RuntimeException ex) {
            e.close();
            throw ex;
        }
    }

    public QualityClassifier classifier() {
        return classifier;
    }

    public double score(String text) {
        return classifier.quality(embedder.embed(text));
    }

    @Override
    public void close() {
        embedder.close();
    }
}
