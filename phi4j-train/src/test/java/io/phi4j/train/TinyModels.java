package io.phi4j.train;

import io.phi4j.model.PhiConfig;
import io.phi4j.train.model.Param;
import io.phi4j.train.model.PhiParams;
import io.phi4j.train.model.TrainInit;

import java.util.SplittableRandom;

/** Tiny Phi configurations and weights for tests. */
final class TinyModels {
    private TinyModels() {
    }

    /** vocab 64, hidden 32, 4 heads of 8 with 4 rotary dims (partial rotary 0.5), MLP 64, 2 layers. */
    static PhiConfig tiny() {
        return new PhiConfig(64, 32, 64, 2, 4, 4, 4, 10000, 1e-5, 64, 0, 0);
    }

    /**
     * Weights with larger spread than a fresh init (matrices N(0, 0.2²), biases N(0, 0.1²), LayerNorm weights
     * 1 ± 0.2), so that every term of every gradient is far from zero and a wrong one shows.
     */
    static PhiParams randomWeights(PhiConfig c, long seed) {
        PhiParams p = new PhiParams(c);
        int i = 0;
        for (Param param : p.all()) {
            float[] v = param.value();
            TrainInit.fillNormal(v, param.decays() ? 0.2 : 0.1, seed * 1000 + i++);
            if (param.name().endsWith("norm.weight")) {
                for (int j = 0; j < v.length; j++) {
                    v[j] += 1f;
                }
            }
        }
        return p;
    }

    static int[] randomTokens(int n, int vocab, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        int[] t = new int[n];
        for (int i = 0; i < n; i++) {
            t[i] = r.nextInt(vocab);
        }
        return t;
    }
}
