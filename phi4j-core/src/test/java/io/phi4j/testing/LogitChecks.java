package io.phi4j.testing;

import static org.assertj.core.api.Assertions.assertThat;

/** Comparisons of logits against reference arrays. */
public final class LogitChecks {
    private LogitChecks() {
    }

    /** Max |a - ref| over rows × cols, where {@code actual} is [rows, vocab] and ref is [rows, refCols] starting at col 0. */
    public static double maxAbsDiff(float[] actual, int vocab, Npy ref) {
        double max = 0;
        int rows = ref.rows(), cols = ref.cols();
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++) {
                max = Math.max(max, Math.abs(actual[r * vocab + c] - ref.get(r, c)));
            }
        }
        return max;
    }

    public static double maxAbsDiff(float[] a, float[] b) {
        assertThat(a.length).isEqualTo(b.length);
        double max = 0;
        for (int i = 0; i < a.length; i++) {
            max = Math.max(max, Math.abs(a[i] - b[i]));
        }
        return max;
    }

    public static int argmax(float[] x, int offset, int n) {
        int best = 0;
        for (int i = 1; i < n; i++) {
            if (x[offset + i] > x[offset + best]) {
                best = i;
            }
        }
        return best;
    }

    public static int argmax(Npy ref, int row) {
        int best = 0;
        for (int i = 1; i < ref.cols(); i++) {
            if (ref.get(row, i) > ref.get(row, best)) {
                best = i;
            }
        }
        return best;
    }

    public static void assertSameArgmax(float[] actual, int vocab, Npy ref) {
        for (int r = 0; r < ref.rows(); r++) {
            assertThat(argmax(actual, r * vocab, vocab)).as("argmax at position %d", r).isEqualTo(argmax(ref, r));
        }
    }
}
