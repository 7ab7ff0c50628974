package io.phi4j.train.ops;

import jdk.incubator.vector.FloatVector;
import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;

/** exp/tanh/gelu: vector and scalar forms are bit-identical, and accurate against StrictMath in double. */
class DetMathTest {
    private static final jdk.incubator.vector.VectorSpecies<Float> F = FloatVector.SPECIES_PREFERRED;

    @Test
    void vectorAndScalarFormsAreBitIdenticalAndAccurate() {
        SplittableRandom r = new SplittableRandom(42);
        int n = 20000;
        float[] x = new float[n];
        for (int i = 0; i < n; i++) {
            x[i] = (float) ((r.nextDouble() * 2 - 1) * (i % 3 == 0 ? 90 : i % 3 == 1 ? 8 : 0.01));
        }
        x[0] = 0f;
        x[1] = -0f;
        x[2] = 88f;
        x[3] = -87f;
        double maxExpErr = 0, maxTanhErr = 0;
        for (int i = 0; i + F.length() <= n; i += F.length()) {
            float[] e = new float[F.length()], t = new float[F.length()];
            if (DetMath.vectorUsable()) {
                DetMath.exp(FloatVector.fromArray(F, x, i)).intoArray(e, 0);
                DetMath.tanh(FloatVector.fromArray(F, x, i)).intoArray(t, 0);
            }
            for (int j = 0; j < F.length(); j++) {
                float xi = x[i + j];
                float es = DetMath.exp(xi), ts = DetMath.tanh(xi);
                if (DetMath.vectorUsable()) {
                    assertThat(Float.floatToRawIntBits(e[j])).as("exp(%s)", xi).isEqualTo(Float.floatToRawIntBits(es));
                    assertThat(Float.floatToRawIntBits(t[j])).as("tanh(%s)", xi).isEqualTo(Float.floatToRawIntBits(ts));
                }
                if (xi >= -87 && xi <= 88) {
                    double ref = StrictMath.exp(xi);
                    maxExpErr = Math.max(maxExpErr, Math.abs(es - ref) / ref);
                }
                maxTanhErr = Math.max(maxTanhErr, Math.abs(ts - StrictMath.tanh(xi)));
            }
        }
        assertThat(maxExpErr).isLessThan(3e-7);
        assertThat(maxTanhErr).isLessThan(2e-7);
        assertThat(DetMath.exp(0f)).isEqualTo(1f);
        assertThat(DetMath.tanh(0f)).isEqualTo(0f);
    }

    @Test
    void geluVectorPathEqualsScalarTwin() {
        SplittableRandom r = new SplittableRandom(7);
        int n = 1003;
        float[] x = new float[n], dout = new float[n];
        for (int i = 0; i < n; i++) {
            x[i] = (float) ((r.nextDouble() * 2 - 1) * 6);
            dout[i] = (float) (r.nextDouble() * 2 - 1);
        }
        float[] y = new float[n], dx = new float[n];
        GeluOp.forwardRange(x, y, 0, n);
        GeluOp.backwardRange(x, dout, dx, 0, n);
        for (int i = 0; i < n; i++) {
            assertThat(y[i]).as("gelu(%s)", x[i]).isEqualTo(GeluOp.gelu(x[i]));
            assertThat(dx[i]).as("gelu'(%s)", x[i]).isEqualTo(GeluOp.geluGrad(x[i]) * dout[i]);
            double t = StrictMath.tanh(Math.sqrt(2 / Math.PI) * (x[i] + 0.044715 * Math.pow(x[i], 3)));
            assertThat((double) y[i]).isCloseTo(0.5 * x[i] * (1 + t), org.assertj.core.data.Offset.offset(1e-6));
        }
    }
}
