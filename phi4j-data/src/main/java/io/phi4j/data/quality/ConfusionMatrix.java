package io.phi4j.data.quality;

/** Counts of (actual class, predicted class) pairs for classes {@code 0 .. k-1}; rows are actual, columns predicted. */
public final class ConfusionMatrix {
    private final long[][] counts;

    public ConfusionMatrix(int classes) {
        counts = new long[classes][classes];
    }

    public void add(int actual, int predicted) {
        counts[actual][predicted]++;
    }

    public int classes() {
        return counts.length;
    }

    public long get(int actual, int predicted) {
        return counts[actual][predicted];
    }

    public long[][] counts() {
        long[][] c = new long[counts.length][];
        for (int i = 0; i < c.length; i++) {
            c[i] = counts[i].clone();
        }
        return c;
    }

    /** A table with a header row of predicted classes and one row per actual class. */
    public String format(String[] names) {
        int w = 6;
        for (long[] row : counts) {
            for (long v : row) {
                w = Math.max(w, Long.toString(v).length() + 1);
            }
        }
        for (String n : names) {
            w = Math.max(w, n.length() + 1);
        }
        StringBuilder sb = new StringBuilder(String.format("%-12s", "actual\\pred"));
        for (String n : names) {
            sb.append(String.format("%" + w + "s", n));
        }
        sb.append('\n');
        for (int i = 0; i < counts.length; i++) {
            sb.append(String.format("%-12s", names[i]));
            for (long v : counts[i]) {
                sb.append(String.format("%" + w + "d", v));
            }
            sb.append('\n');
        }
        return sb.toString();
    }
}
