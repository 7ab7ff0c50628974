package io.phi4j.data.curate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.phi4j.PhiException;

import java.io.Serializable;
import java.util.Arrays;

/**
 * Keeping the top {@code percent} of documents by a numeric field, exactly: of n documents with the field,
 * k = ceil(n · percent / 100) are kept: all whose value is above the k-th largest value t, then those equal to t in
 * input order until k are kept. Phase 1 collects the values (8 bytes per document), {@link #cutoff} finds t by
 * selection and how many ties to admit; phase 2 is a per-document decision given the document's value and order.
 */
public final class TopPercent {
    private TopPercent() {
    }

    /** The k-th largest value and how many documents equal to it are kept (those first in input order). */
    public record Cutoff(double value, long tiesKept, long keep, long documents) implements Serializable {
    }

    public static void checkPercent(double percent) {
        if (!(percent > 0 && percent <= 100)) {
            throw new PhiException("--top-percent must be in (0, 100], got " + percent);
        }
    }

    /** The value of {@code field} in {@code doc}, or NaN when it has none. */
    public static double value(ObjectNode doc, String field) {
        JsonNode v = doc.get(field);
        return v == null || !v.isNumber() ? Double.NaN : v.asDouble();
    }

    /** The cutoff for {@code values} (NaN for documents without the field, which are never kept). */
    public static Cutoff cutoff(double[] values, int count, double percent) {
        checkPercent(percent);
        double[] present = Arrays.stream(values, 0, count).filter(v -> !Double.isNaN(v)).toArray();
        int n = present.length;
        if (n == 0) {
            return new Cutoff(Double.POSITIVE_INFINITY, 0, 0, count);
        }
        long k = (long) Math.ceil(n * percent / 100.0 - 1e-9);
        k = Math.max(1, Math.min(n, k));
        double t = select(present, n - (int) k);
        long above = Arrays.stream(present).filter(v -> v > t).count();
        return new Cutoff(t, k - above, k, count);
    }

    /** The element of rank {@code r} (0-based, ascending) by Hoare's quickselect with a median-of-three pivot. */
    static double select(double[] a, int r) {
        int lo = 0, hi = a.length - 1;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            double pivot = median(a[lo], a[mid], a[hi]);
            int i = lo, j = hi;
            while (i <= j) {
                while (a[i] < pivot) {
                    i++;
                }
                while (a[j] > pivot) {
                    j--;
                }
                if (i <= j) {
                    double x = a[i];
                    a[i] = a[j];
                    a[j] = x;
                    i++;
                    j--;
                }
            }
            if (r <= j) {
                hi = j;
            } else if (r >= i) {
                lo = i;
            } else {
                return a[r];
            }
        }
        return a[r];
    }

    private static double median(double a, double b, double c) {
        return Math.max(Math.min(a, b), Math.min(Math.max(a, b), c));
    }

    /** Phase 2, sequentially in input order: keeps documents above the cutoff and the first ties. */
    public static final class Decider {
        private final Cutoff cutoff;
        private long tiesLeft;

        public Decider(Cutoff cutoff) {
            this.cutoff = cutoff;
            this.tiesLeft = cutoff.tiesKept();
        }

        public boolean keep(double value) {
            if (Double.isNaN(value) || value < cutoff.value()) {
                return false;
            }
            if (value > cutoff.value()) {
                return true;
            }
            if (tiesLeft > 0) {
                tiesLeft--;
                return true;
            }
            return false;
        }
    }
}
