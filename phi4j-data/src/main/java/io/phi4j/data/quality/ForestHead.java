package io.phi4j.data.quality;

import java.util.List;

/** A random forest: the mean of its trees' predictions of the 0–5 score. */
public record ForestHead(List<RegressionTree> trees) implements Head {
    @Override
    public HeadType type() {
        return HeadType.FOREST;
    }

    @Override
    public double predict(double[] z) {
        double s = 0;
        for (RegressionTree t : trees) {
            s += t.predict(z);
        }
        return s / trees.size();
    }
}
