package io.phi4j.eval;

import io.phi4j.eval.code.PassAtK;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

/** The unbiased estimator against 1 - C(n-c, k) / C(n, k) computed exactly by hand. */
class PassAtKTest {
    @ParameterizedTest
    @CsvSource({
            // n, c, k, expected = 1 - C(n-c,k)/C(n,k)
            "1, 1, 1, 1.0",
            "1, 0, 1, 0.0",
            "10, 3, 1, 0.3",
            "10, 3, 2, 0.5333333333333333",   // 1 - C(7,2)/C(10,2) = 1 - 21/45
            "10, 3, 8, 1.0",                  // n - c < k
            "20, 1, 10, 0.5",                 // 1 - C(19,10)/C(20,10) = 1 - 10/20
            "200, 10, 100, 0.9992289739372822",
    })
    void matchesTheClosedForm(int n, int c, int k, double expected) {
        assertThat(PassAtK.estimate(n, c, k)).isCloseTo(expected, within(1e-12));
    }

    @Test
    void binomialRatioAgreesForManyCases() {
        for (int n = 1; n <= 30; n++) {
            for (int c = 0; c <= n; c++) {
                for (int k = 1; k <= n; k++) {
                    double ratio = 1;
                    // C(n-c, k) / C(n, k) = prod_{i=0}^{k-1} (n-c-i)/(n-i)
                    for (int i = 0; i < k; i++) {
                        ratio *= Math.max(0, n - c - i) / (double) (n - i);
                    }
                    assertThat(PassAtK.estimate(n, c, k)).as("n=%d c=%d k=%d", n, c, k).isCloseTo(1 - ratio, within(1e-12));
                }
            }
        }
    }

    @Test
    void rejectsImpossibleCounts() {
        assertThatThrownBy(() -> PassAtK.estimate(5, 6, 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> PassAtK.estimate(5, 1, 6)).isInstanceOf(IllegalArgumentException.class);
    }
}
