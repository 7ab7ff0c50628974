package io.phi4j.train.grow;

import io.phi4j.PhiException;
import io.phi4j.kernel.WorkerPool;
import io.phi4j.model.PhiConfig;
import io.phi4j.train.kernel.Sgemm;
import io.phi4j.train.kernel.TrainMatMul;
import io.phi4j.train.model.Param;
import io.phi4j.train.model.PhiParams;
import io.phi4j.train.model.PhiTrainModel;
import io.phi4j.train.model.TrainInit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Grown models compute the small model's function: exactly for HyperCloning and identity blocks. */
class GrowTest {
    private static WorkerPool pool;

    @BeforeAll
    static void start() {
        pool = new WorkerPool(2);
    }

    @AfterAll
    static void stop() {
        pool.close();
    }

    static PhiParams small(PhiConfig c) {
        PhiParams p = new PhiParams(c);
        int i = 0;
        for (Param param : p.all()) {
            TrainInit.fillNormal(param.value(), param.decays() ? 0.15 : 0.05, 100 + i++);
            if (param.name().endsWith("norm.weight")) {
                for (int j = 0; j < param.size(); j++) {
                    param.value()[j] += 1f;
                }
            }
        }
        return p;
    }

    static float[] logits(PhiParams p, int[] tokens, int seq) {
        PhiTrainModel m = new PhiTrainModel(p, tokens.length / seq, seq, new TrainMatMul(Sgemm.DEFAULT, pool));
        m.forward(tokens, null);
        return m.logits().clone();
    }

    static double maxDiff(float[] a, float[] b) {
        double d = 0;
        for (int i = 0; i < a.length; i++) {
            d = Math.max(d, Math.abs(a[i] - b[i]));
        }
        return d;
    }

    static int[] tokens(int n, int vocab) {
        SplittableRandom r = new SplittableRandom(4);
        int[] t = new int[n];
        for (int i = 0; i < n; i++) {
            t[i] = r.nextInt(vocab);
        }
        return t;
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({
            // name, hidden, ff, layers, heads, kvHeads -> grown hidden, ff, layers, heads, kvHeads, layout
            "depth only interleave, 32, 64, 2, 4, 4, 32, 64, 5, 4, 4, INTERLEAVE",
            "depth only stack, 32, 64, 2, 4, 4, 32, 64, 4, 4, 4, STACK",
            "width x2, 32, 64, 2, 4, 4, 64, 128, 2, 8, 8, INTERLEAVE",
            "width x2 mlp x4 and depth, 32, 64, 2, 4, 4, 64, 256, 3, 8, 8, INTERLEAVE",
            "width x3 grouped kv, 24, 48, 2, 4, 2, 72, 96, 4, 12, 6, STACK"})
    void exactSchemesPreserveTheLogits(String name, int h, int ff, int l, int heads, int kv, int h2, int ff2, int l2,
                                       int heads2, int kv2, Grow.DepthLayout layout) {
        int hd = h / heads, rope = (hd / 2) & ~1;
        PhiConfig sc = new PhiConfig(80, h, ff, l, heads, kv, rope, 10000, 1e-5, 64, 0, 0);
        PhiConfig tc = new PhiConfig(80, h2, ff2, l2, heads2, kv2, rope, 10000, 1e-5, 64, 0, 0);
        PhiParams s = small(sc);
        PhiParams g = Grow.grow(s, tc, new Grow.Options(layout, Grow.DepthInit.IDENTITY, 0, 0));
        int seq = 24;
        int[] t = tokens(2 * seq, 80);
        float[] a = logits(s, t, seq), b = logits(g, t, seq);
        double spread = 0;
        for (float v : a) {
            spread = Math.max(spread, Math.abs(v));
        }
        assertThat(spread).as("logits are not trivially small").isGreaterThan(0.5);
        assertThat(maxDiff(a, b)).as("max |logit difference|").isLessThan(1e-4);
    }

    @Test
    void copiedBlocksAndNoiseChangeTheFunctionButOnlySomewhat() {
        PhiConfig sc = new PhiConfig(80, 32, 64, 2, 4, 4, 4, 10000, 1e-5, 64, 0, 0);
        PhiConfig deeper = new PhiConfig(80, 32, 64, 4, 4, 4, 4, 10000, 1e-5, 64, 0, 0);
        PhiConfig wider = new PhiConfig(80, 64, 128, 2, 8, 8, 4, 10000, 1e-5, 64, 0, 0);
        PhiParams s = small(sc);
        int seq = 16;
        int[] t = tokens(seq, 80);
        float[] a = logits(s, t, seq);
        float[] copy = logits(Grow.grow(s, deeper, new Grow.Options(Grow.DepthLayout.STACK, Grow.DepthInit.COPY, 0, 0)), t, seq);
        float[] noisy = logits(Grow.grow(s, wider, new Grow.Options(Grow.DepthLayout.INTERLEAVE, Grow.DepthInit.IDENTITY, 0.01, 5)), t, seq);
        assertThat(maxDiff(a, copy)).isGreaterThan(1e-2);
        assertThat(maxDiff(a, noisy)).isBetween(1e-5, 0.5);
    }

    @Test
    void layerPlans() {
        assertThat(Grow.plan(2, 5, Grow.DepthLayout.INTERLEAVE)).extracting(Grow.LayerPlan::source)
                .containsExactly(0, 0, 1, 1, 1);
        assertThat(Grow.plan(3, 6, Grow.DepthLayout.STACK)).extracting(Grow.LayerPlan::source)
                .containsExactly(0, 1, 2, 0, 1, 2);
        assertThat(Grow.plan(3, 6, Grow.DepthLayout.STACK)).extracting(Grow.LayerPlan::added)
                .containsExactly(false, false, false, true, true, true);
    }

    @Test
    void impossibleTargetsAreRefusedWithTheReason() {
        PhiConfig sc = new PhiConfig(80, 32, 64, 2, 4, 4, 4, 10000, 1e-5, 64, 0, 0);
        PhiParams s = small(sc);
        assertThatThrownBy(() -> Grow.grow(s, new PhiConfig(80, 48, 64, 2, 4, 4, 4, 10000, 1e-5, 64, 0, 0), Grow.Options.exact()))
                .isInstanceOf(PhiException.class).hasMessageContaining("head size must stay 8");
        assertThatThrownBy(() -> Grow.grow(s, new PhiConfig(80, 48, 64, 2, 6, 6, 4, 10000, 1e-5, 64, 0, 0), Grow.Options.exact()))
                .isInstanceOf(PhiException.class).hasMessageContaining("whole multiples");
        assertThatThrownBy(() -> Grow.grow(s, new PhiConfig(80, 32, 64, 1, 4, 4, 4, 10000, 1e-5, 64, 0, 0), Grow.Options.exact()))
                .isInstanceOf(PhiException.class).hasMessageContaining("cannot shrink");
        assertThatThrownBy(() -> Grow.grow(s, new PhiConfig(96, 32, 64, 2, 4, 4, 4, 10000, 1e-5, 64, 0, 0), Grow.Options.exact()))
                .isInstanceOf(PhiException.class).hasMessageContaining("vocabulary must stay 80");
    }
}
