package io.phi4j.data.quality;

/**
 * A trained quality classifier, without its embedder: standardisation, a linear head, and the spec of the
 * embedder whose vectors it was trained on. {@link #quality} is on the 0–5 scale for every head: the regression
 * or forest prediction clamped to 0–5, or five times the logistic head's probability of "score ≥ 3". Either way a
 * document counts as educational when its quality is at least {@link #threshold} (2.5: FineWeb-Edu's rounded
 * score ≥ 3; probability ≥ 0.5).
 */
public record QualityClassifier(Head head, Standardizer standardizer, EmbedderSpec embedder, double threshold,
                                double l2) {
    public double quality(float[] embedding) {
        double p = head.predict(standardizer.apply(embedding));
        return head.type() == HeadType.LOGISTIC ? 5 * p : Math.max(0, Math.min(5, p));
    }

    public boolean isEducational(double quality) {
        return quality >= threshold;
    }

    public int dimension() {
        return standardizer.mean().length;
    }
}
