package io.phi4j.data.quality;

import io.phi4j.PhiException;
import io.phi4j.convert.Progress;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Trains a quality classifier: embeds every labelled document, splits off a seeded held-out fraction, fits the
 * standardiser and the head on the rest, and evaluates on the held-out part.
 */
public final class ClassifierTrainer {
    /** The classifier and its report (held-out and training metrics). */
    public record Trained(QualityClassifier classifier, Evaluation heldOut, Evaluation training, int trainCount,
                          int heldOutCount, double seconds) {
        public Map<String, Object> report() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("head", classifier.head().type().label());
            m.put("train_documents", trainCount);
            m.put("heldout_documents", heldOutCount);
            m.put("quality_threshold", classifier.threshold());
            m.put("heldout", heldOut == null ? null : heldOut.toMap());
            m.put("train", training.toMap());
            m.put("seconds", seconds);
            return m;
        }
    }

    private ClassifierTrainer() {
    }

    public static Trained train(List<LabelledExample> examples, Embedder embedder, HeadType head, double valFraction,
                                long seed, double l2, Progress progress) {
        long start = System.nanoTime();
        if (examples.isEmpty()) {
            throw new PhiException("no labelled documents to train on");
        }
        if (!(valFraction >= 0 && valFraction < 1)) {
            throw new PhiException("--val-fraction must be in [0, 1), not " + valFraction);
        }
        if (!(l2 > 0)) {
            throw new PhiException("--l2 must be positive, not " + l2);
        }
        float[][] x = new float[examples.size()][];
        progress.start("Embedding", examples.size());
        try {
            for (int i = 0; i < x.length; i++) {
                x[i] = embedder.embed(examples.get(i).text());
                progress.advance(1);
            }
        } finally {
            progress.finish();
        }
        return fit(examples, x, embedder.spec(), head, valFraction, seed, l2, start);
    }

    /** As {@link #train}, with the embeddings given. */
    public static Trained fit(List<LabelledExample> examples, float[][] x, EmbedderSpec spec, HeadType head,
                              double valFraction, long seed, double l2, long startNanos) {
        int n = examples.size();
        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        SplittableRandom rnd = new SplittableRandom(seed);
        for (int i = n - 1; i > 0; i--) {
            int j = rnd.nextInt(i + 1);
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
        int heldOut = (int) Math.round(n * valFraction);
        if (valFraction > 0 && heldOut == 0 && n >= 2) {
            heldOut = 1;
        }
        int trainN = n - heldOut;
        if (trainN < 1) {
            throw new PhiException("no documents left to train on after holding out " + heldOut);
        }
        List<Integer> train = new ArrayList<>();
        List<Integer> val = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            (i < trainN ? train : val).add(order[i]);
        }
        float[][] xTrain = new float[trainN][];
        for (int i = 0; i < trainN; i++) {
            xTrain[i] = x[train.get(i)];
        }
        Standardizer st = Standardizer.fit(xTrain);
        double[][] z = new double[trainN][];
        double[] y = new double[trainN];
        int positives = 0;
        for (int i = 0; i < trainN; i++) {
            z[i] = st.apply(xTrain[i]);
            int label = examples.get(train.get(i)).label();
            if (head != HeadType.LOGISTIC) {
                y[i] = label;
            } else {
                y[i] = label >= Evaluation.LABEL_THRESHOLD ? 1 : 0;
                positives += (int) y[i];
            }
        }
        if (head == HeadType.LOGISTIC && (positives == 0 || positives == trainN)) {
            throw new PhiException("a logistic head needs documents on both sides of score 3, but all " + trainN
                    + " training labels are " + (positives == 0 ? "below 3" : "3 or more"));
        }
        Head h = switch (head) {
            case REGRESSION -> RidgeRegression.fit(z, y, l2);
            case LOGISTIC -> LogisticRegression.fit(z, y, l2);
            case FOREST -> RandomForest.fit(z, y, RandomForest.DEFAULT_TREES, seed);
        };
        QualityClassifier c = new QualityClassifier(h, st, spec, Evaluation.QUALITY_THRESHOLD, l2);
        Evaluation onTrain = evaluate(c, examples, x, train);
        Evaluation onVal = val.isEmpty() ? null : evaluate(c, examples, x, val);
        return new Trained(c, onVal, onTrain, trainN, heldOut, (System.nanoTime() - startNanos) / 1e9);
    }

    private static Evaluation evaluate(QualityClassifier c, List<LabelledExample> examples, float[][] x, List<Integer> idx) {
        int[] labels = new int[idx.size()];
        double[] q = new double[idx.size()];
        for (int i = 0; i < labels.length; i++) {
            labels[i] = examples.get(idx.get(i)).label();
            q[i] = c.quality(x[idx.get(i)]);
        }
        return Evaluation.of(c.head().type(), labels, q);
    }
}
