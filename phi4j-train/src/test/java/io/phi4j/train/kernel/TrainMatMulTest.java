package io.phi4j.train.kernel;

import io.phi4j.kernel.WorkerPool;
import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** Forward, input gradient, weight and bias gradients of a linear layer against plain loops. */
class TrainMatMulTest {
    @Test
    void linearLayerProductsMatchPlainLoops() {
        try (WorkerPool pool = new WorkerPool(2)) {
            for (Sgemm gemm : new Sgemm[] {Sgemm.DEFAULT, Sgemm.SCALAR}) {
                TrainMatMul mm = new TrainMatMul(gemm, pool);
                SplittableRandom r = new SplittableRandom(1);
                int t = 37, in = 70, out = 45;
                float[] x = SgemmTest.random(t * in, r), w = SgemmTest.random(out * in, r), b = SgemmTest.random(out, r);
                float[] dy = SgemmTest.random(t * out, r);
                float[] y = new float[t * out];
                mm.forward(x, t, in, w, b, out, y);
                float[] dx = SgemmTest.random(t * in, r), dx0 = dx.clone();
                mm.backwardInput(dy, t, out, w, in, dx, true);
                float[] dw = SgemmTest.random(out * in, r), dw0 = dw.clone(), db = SgemmTest.random(out, r), db0 = db.clone();
                mm.backwardWeight(dy, t, out, x, in, dw, db);
                for (int i = 0; i < t; i++) {
                    for (int o = 0; o < out; o++) {
                        double s = b[o];
                        for (int k = 0; k < in; k++) {
                            s += (double) x[i * in + k] * w[o * in + k];
                        }
                        assertThat((double) y[i * out + o]).isCloseTo(s, within(1e-4));
                    }
                    for (int k = 0; k < in; k++) {
                        double s = dx0[i * in + k];
                        for (int o = 0; o < out; o++) {
                            s += (double) dy[i * out + o] * w[o * in + k];
                        }
                        assertThat((double) dx[i * in + k]).isCloseTo(s, within(1e-4));
                    }
                }
                for (int o = 0; o < out; o++) {
                    double sb = db0[o];
                    for (int i = 0; i < t; i++) {
                        sb += dy[i * out + o];
                    }
                    assertThat((double) db[o]).isCloseTo(sb, within(1e-4));
                    for (int k = 0; k < in; k++) {
                        double s = dw0[o * in + k];
                        for (int i = 0; i < t; i++) {
                            s += (double) dy[i * out + o] * x[i * in + k];
                        }
                        assertThat((double) dw[o * in + k]).isCloseTo(s, within(1e-4));
                    }
                }
            }
        }
    }
}
