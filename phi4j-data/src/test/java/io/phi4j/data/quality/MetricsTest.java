package io.phi4j.data.quality;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class MetricsTest {
    @Test
    void binaryMetricsByHand() {
        boolean T = true, F = false;
        BinaryMetrics m = BinaryMetrics.of(new boolean[] {T, T, T, F, F, F, F, T}, new boolean[] {T, F, T, T, F, F, F, F});
        assertThat(m).isEqualTo(new BinaryMetrics(2, 1, 2, 3));
        assertThat(m.precision()).isEqualTo(2.0 / 3);
        assertThat(m.recall()).isEqualTo(0.5);
        assertThat(m.f1()).isCloseTo(4.0 / 7, within(1e-15));
        assertThat(m.accuracy()).isEqualTo(5.0 / 8);
    }

    @Test
    void zeroDenominatorsGiveZero() {
        BinaryMetrics none = BinaryMetrics.of(new boolean[] {false, false}, new boolean[] {false, false});
        assertThat(none.precision()).isZero();
        assertThat(none.recall()).isZero();
        assertThat(none.f1()).isZero();
        assertThat(none.accuracy()).isEqualTo(1);
        assertThat(new BinaryMetrics(0, 0, 0, 0).accuracy()).isZero();
    }

    @Test
    void regressionEvaluationRoundsClampsAndThresholdsAtThree() {
        int[] labels = {0, 1, 2, 3, 4, 5, 3, 2};
        double[] q = {0.2, 1.6, 2.49, 2.5, 4.4, 7.0, -1, 3.2};
        assertThat(Evaluation.scoreClass(2.49)).isEqualTo(2);
        assertThat(Evaluation.scoreClass(2.5)).isEqualTo(3);
        assertThat(Evaluation.scoreClass(-1)).isZero();
        assertThat(Evaluation.scoreClass(7)).isEqualTo(5);
        Evaluation e = Evaluation.of(HeadType.REGRESSION, labels, q);
        assertThat(e.binary()).isEqualTo(new BinaryMetrics(3, 1, 1, 3));
        long[][] expected = new long[6][6];
        int[] predicted = {0, 2, 2, 3, 4, 5, 0, 3};
        for (int i = 0; i < labels.length; i++) {
            expected[labels[i]][predicted[i]]++;
        }
        assertThat(e.confusion().counts()).isDeepEqualTo(expected);
        // |0.2-0| + |1.6-1| + |2.49-2| + |2.5-3| + |4.4-4| + |5-5| + |0-3| + |3.2-2|, clamped predictions
        assertThat(e.meanAbsoluteError()).isCloseTo((0.2 + 0.6 + 0.49 + 0.5 + 0.4 + 0 + 3 + 1.2) / 8, within(1e-12));
        assertThat(e.format()).startsWith("precision 0.750  recall 0.750  F1 0.750  accuracy 0.750  (threshold 3, 8 documents)\n")
                .contains("actual\\pred      0     1     2     3     4     5\n")
                .contains("\n3                1     0     0     1     0     0\n");
    }

    @Test
    void logisticEvaluationIsTwoByTwo() {
        Evaluation e = Evaluation.of(HeadType.LOGISTIC, new int[] {5, 5, 0, 0, 4}, new double[] {4.9, 1.0, 0.1, 3.0, 2.5});
        assertThat(e.confusion().counts()).isDeepEqualTo(new long[][] {{1, 1}, {1, 2}});
        assertThat(e.binary().f1()).isCloseTo(2.0 / 3, within(1e-12));
    }
}
