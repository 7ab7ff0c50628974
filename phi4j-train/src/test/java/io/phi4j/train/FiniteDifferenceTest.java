package io.phi4j.train;

import io.phi4j.kernel.WorkerPool;
import io.phi4j.model.PhiConfig;
import io.phi4j.train.kernel.Sgemm;
import io.phi4j.train.kernel.TrainMatMul;
import io.phi4j.train.model.Param;
import io.phi4j.train.model.PhiParams;
import io.phi4j.train.model.PhiTrainModel;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The hand-written backward pass against central finite differences of an independent float64 forward
 * ({@link ReferencePhi}), for every parameter tensor of a tiny model: along a random direction per tensor and
 * for the largest-gradient elements of each tensor, relative error ≤ 1e-3.
 */
class FiniteDifferenceTest {
    private static WorkerPool pool;

    @BeforeAll
    static void start() {
        pool = new WorkerPool(2);
    }

    @AfterAll
    static void stop() {
        pool.close();
    }

    record Case(String name, PhiConfig config, float residP, float embdP) {
    }

    static Case of(String name) {
        PhiConfig tiny = TinyModels.tiny();
        return switch (name) {
            case "plain" -> new Case(name, tiny, 0f, 0f);
            case "dropout" -> new Case(name, tiny, 0.2f, 0.1f);
            // grouped-query attention (2 kv heads for 4 query heads) and full rotary on odd sizes
            case "gqa" -> new Case(name, new PhiConfig(50, 24, 40, 1, 4, 2, 6, 500, 1e-5, 64, 0, 0), 0f, 0f);
            default -> throw new IllegalArgumentException(name);
        };
    }

    @ParameterizedTest
    @ValueSource(strings = {"plain", "dropout", "gqa"})
    void everyParameterTensorMatchesFiniteDifferences(String caseName) {
        Case cs = of(caseName);
        PhiConfig c = cs.config();
        int batch = 2, seq = 7;
        PhiParams params = TinyModels.randomWeights(c, 11);
        int[] tokens = TinyModels.randomTokens(batch * seq, c.vocabSize(), 5);
        int[] targets = TinyModels.randomTokens(batch * seq, c.vocabSize(), 6);

        PhiTrainModel model = new PhiTrainModel(params, batch, seq, new TrainMatMul(Sgemm.DEFAULT, pool));
        model.setDropout(cs.residP(), cs.embdP());
        model.train(1234, 7, 1);
        double loss = model.forward(tokens, targets);
        params.zeroGrad();
        model.backward(1f);

        ReferencePhi ref = new ReferencePhi(params, batch, seq);
        ref.residP = cs.residP();
        ref.embdP = cs.embdP();
        ref.seed = 1234;
        ref.step = 7;
        ref.micro = 1;
        assertThat(ref.loss(tokens, targets)).isCloseTo(loss, org.assertj.core.data.Offset.offset(1e-5 * loss));

        SplittableRandom rnd = new SplittableRandom(99);
        List<String> report = new ArrayList<>();
        double h = 1e-4;
        for (Param p : params.all()) {
            double[] w = ref.get(p.name());
            float[] g = p.grad();
            // a random unit direction: d/dh L(w + h u) = <g, u>
            double[] u = new double[w.length];
            double norm = 0;
            for (int i = 0; i < u.length; i++) {
                u[i] = rnd.nextDouble() * 2 - 1;
                norm += u[i] * u[i];
            }
            double analytic = 0;
            for (int i = 0; i < u.length; i++) {
                u[i] /= Math.sqrt(norm);
                analytic += g[i] * u[i];
            }
            double numeric = directional(ref, w, u, h, tokens, targets);
            double gNorm = 0;
            for (float gi : g) {
                gNorm += (double) gi * gi;
            }
            gNorm = Math.sqrt(gNorm);
            assertThat(gNorm).as("%s gradient norm", p.name()).isGreaterThan(1e-6);
            // error relative to the gradient's norm: a direction can be nearly orthogonal to g by chance
            double rel = Math.abs(analytic - numeric) / gNorm;
            report.add(p.name() + " rel " + rel);
            assertThat(rel).as("%s: analytic %s numeric %s", p.name(), analytic, numeric).isLessThan(1e-3);
            // and element by element for the three largest gradients
            for (int idx : largest(g, 3)) {
                double[] e = new double[w.length];
                e[idx] = 1;
                double num = directional(ref, w, e, h, tokens, targets);
                double relEl = Math.abs(g[idx] - num) / Math.max(Math.abs(num), 1e-12);
                assertThat(relEl).as("%s[%d]: analytic %s numeric %s", p.name(), idx, g[idx], num).isLessThan(1e-3);
            }
        }
    }

    private static double directional(ReferencePhi ref, double[] w, double[] u, double h, int[] tokens, int[] targets) {
        double[] saved = w.clone();
        for (int i = 0; i < w.length; i++) {
            w[i] = saved[i] + h * u[i];
        }
        double plus = ref.loss(tokens, targets);
        for (int i = 0; i < w.length; i++) {
            w[i] = saved[i] - h * u[i];
        }
        double minus = ref.loss(tokens, targets);
        System.arraycopy(saved, 0, w, 0, w.length);
        return (plus - minus) / (2 * h);
    }

    private static int[] largest(float[] g, int k) {
        Integer[] idx = new Integer[g.length];
        for (int i = 0; i < g.length; i++) {
            idx[i] = i;
        }
        java.util.Arrays.sort(idx, (a, b) -> Float.compare(Math.abs(g[b]), Math.abs(g[a])));
        int[] out = new int[Math.min(k, g.length)];
        for (int i = 0; i < out.length; i++) {
            out[i] = idx[i];
        }
        return out;
    }
}
