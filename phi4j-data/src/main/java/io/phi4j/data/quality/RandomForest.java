package io.phi4j.data.quality;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Breiman's random forest for regression: each tree grows on a bootstrap sample, each split picks the best of
 * {@code sqrt(d)} random features by variance reduction (CART), trees grow to {@code maxDepth} or leaves of
 * {@code minLeaf} samples, and the forest predicts the mean. Phi-1 trained a random forest classifier on its
 * GPT-4-annotated embeddings; regressing the 0–5 label gives, for 0/5 labels, five times the fraction of trees'
 * votes, the same scale as the other heads. Seeded: the same data and seed give the same forest.
 */
public final class RandomForest {
    public static final int DEFAULT_TREES = 100;
    private static final int MAX_DEPTH = 16;
    private static final int MIN_LEAF = 2;

    private RandomForest() {
    }

    public static ForestHead fit(double[][] z, double[] y, int trees, long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        List<RegressionTree> out = new ArrayList<>(trees);
        int n = z.length;
        for (int t = 0; t < trees; t++) {
            SplittableRandom tr = rnd.split();
            int[] sample = new int[n];
            for (int i = 0; i < n; i++) {
                sample[i] = tr.nextInt(n);
            }
            out.add(new Builder(z, y, tr).build(sample));
        }
        return new ForestHead(out);
    }

    /** Grows one tree, depth first, into growable flat arrays. */
    private static final class Builder {
        private final double[][] z;
        private final double[] y;
        private final SplittableRandom rnd;
        private final int mtry;
        private int[] feature = new int[64];
        private double[] threshold = new double[64];
        private int[] left = new int[64];
        private int[] right = new int[64];
        private double[] value = new double[64];
        private int size;

        Builder(double[][] z, double[] y, SplittableRandom rnd) {
            this.z = z;
            this.y = y;
            this.rnd = rnd;
            this.mtry = Math.max(1, (int) Math.round(Math.sqrt(z[0].length)));
        }

        RegressionTree build(int[] rows) {
            grow(rows, 0, rows.length, 0);
            return new RegressionTree(Arrays.copyOf(feature, size), Arrays.copyOf(threshold, size),
                    Arrays.copyOf(left, size), Arrays.copyOf(right, size), Arrays.copyOf(value, size));
        }

        private int newNode() {
            if (size == feature.length) {
                int c = size * 2;
                feature = Arrays.copyOf(feature, c);
                threshold = Arrays.copyOf(threshold, c);
                left = Arrays.copyOf(left, c);
                right = Arrays.copyOf(right, c);
                value = Arrays.copyOf(value, c);
            }
            return size++;
        }

        /** Grows the node for {@code rows[from, to)} and returns its index. */
        private int grow(int[] rows, int from, int to, int depth) {
            int node = newNode();
            int n = to - from;
            double sum = 0, sumSq = 0;
            for (int i = from; i < to; i++) {
                sum += y[rows[i]];
                sumSq += y[rows[i]] * y[rows[i]];
            }
            value[node] = sum / n;
            feature[node] = -1;
            double sse = sumSq - sum * sum / n;
            if (depth >= MAX_DEPTH || n < 2 * MIN_LEAF || sse <= 1e-12) {
                return node;
            }
            int bestFeature = -1;
            double bestThreshold = 0, bestGain = 1e-12;
            int d = z[0].length;
            Integer[] order = new Integer[n];
            for (int k = 0; k < mtry; k++) {
                int f = rnd.nextInt(d);
                for (int i = 0; i < n; i++) {
                    order[i] = rows[from + i];
                }
                Arrays.sort(order, (a, b) -> Double.compare(z[a][f], z[b][f]));
                double leftSum = 0, leftSq = 0;
                for (int i = 0; i < n - 1; i++) {
                    double v = y[order[i]];
                    leftSum += v;
                    leftSq += v * v;
                    int nl = i + 1, nr = n - nl;
                    double here = z[order[i]][f], next = z[order[i + 1]][f];
                    if (nl < MIN_LEAF || nr < MIN_LEAF || here == next) {
                        continue;
                    }
                    double rightSum = sum - leftSum, rightSq = sumSq - leftSq;
                    double childSse = (leftSq - leftSum * leftSum / nl) + (rightSq - rightSum * rightSum / nr);
                    double gain = sse - childSse;
                    if (gain > bestGain) {
                        bestGain = gain;
                        bestFeature = f;
                        bestThreshold = here + (next - here) / 2;
                    }
                }
            }
            if (bestFeature < 0) {
                return node;
            }
            // Partition rows[from, to) in place: <= threshold first.
            int i = from, j = to - 1;
            while (i <= j) {
                if (z[rows[i]][bestFeature] <= bestThreshold) {
                    i++;
                } else {
                    int t = rows[i];
                    rows[i] = rows[j];
                    rows[j] = t;
                    j--;
                }
            }
            feature[node] = bestFeature;
            threshold[node] = bestThreshold;
            int l = grow(rows, from, i, depth + 1);
            int r = grow(rows, i, to, depth + 1);
            left[node] = l;
            right[node] = r;
            return node;
        }
    }
}
