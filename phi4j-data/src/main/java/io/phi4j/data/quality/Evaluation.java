package io.phi4j.data.quality;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * How well predicted qualities match labels 0–5 on held-out documents. The binary decision is FineWeb-Edu's:
 * a document is educational when its score is 3 or more; the prediction says so when the quality rounds to 3 or
 * more (quality ≥ 2.5; for the logistic head, probability ≥ 0.5). The regression head also gets the 6×6 confusion
 * matrix of labels against rounded, clamped predictions; the logistic head a 2×2 one.
 */
public record Evaluation(HeadType head, int examples, BinaryMetrics binary, ConfusionMatrix confusion,
                         double meanAbsoluteError) {
    public static final int LABEL_THRESHOLD = 3;
    public static final double QUALITY_THRESHOLD = 2.5;

    /** The score class of a quality: clamped to 0–5 and rounded half up. */
    public static int scoreClass(double quality) {
        return (int) Math.floor(Math.max(0, Math.min(5, quality)) + 0.5);
    }

    public static Evaluation of(HeadType head, int[] labels, double[] qualities) {
        boolean[] actual = new boolean[labels.length];
        boolean[] predicted = new boolean[labels.length];
        ConfusionMatrix cm = new ConfusionMatrix(head == HeadType.LOGISTIC ? 2 : 6);
        double mae = 0;
        for (int i = 0; i < labels.length; i++) {
            actual[i] = labels[i] >= LABEL_THRESHOLD;
            predicted[i] = qualities[i] >= QUALITY_THRESHOLD;
            if (head != HeadType.LOGISTIC) {
                cm.add(labels[i], scoreClass(qualities[i]));
            } else {
                cm.add(actual[i] ? 1 : 0, predicted[i] ? 1 : 0);
            }
            mae += Math.abs(Math.max(0, Math.min(5, qualities[i])) - labels[i]);
        }
        return new Evaluation(head, labels.length, BinaryMetrics.of(actual, predicted), cm,
                labels.length == 0 ? 0 : mae / labels.length);
    }

    private String[] classNames() {
        return head == HeadType.LOGISTIC ? new String[] {"<3", ">=3"} : new String[] {"0", "1", "2", "3", "4", "5"};
    }

    public String format() {
        return String.format("precision %.3f  recall %.3f  F1 %.3f  accuracy %.3f  (threshold 3, %d documents)%n",
                binary.precision(), binary.recall(), binary.f1(), binary.accuracy(), examples)
                + confusion.format(classNames());
    }

    public Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("documents", examples);
        m.put("threshold", LABEL_THRESHOLD);
        m.put("precision", binary.precision());
        m.put("recall", binary.recall());
        m.put("f1", binary.f1());
        m.put("accuracy", binary.accuracy());
        m.put("mean_absolute_error", meanAbsoluteError);
        m.put("true_positives", binary.truePositives());
        m.put("false_positives", binary.falsePositives());
        m.put("false_negatives", binary.falseNegatives());
        m.put("true_negatives", binary.trueNegatives());
        m.put("confusion_classes", classNames());
        m.put("confusion", confusion.counts());
        return m;
    }
}
