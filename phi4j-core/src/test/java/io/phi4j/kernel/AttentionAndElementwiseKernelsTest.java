package io.phi4j.kernel;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;

/** The Vector API attention and GELU agree with their scalar twins on shapes with awkward tails. */
class AttentionAndElementwiseKernelsTest {
    private static float[] random(SplittableRandom r, int n, double scale) {
        float[] x = new float[n];
        for (int i = 0; i < n; i++) {
            x[i] = (float) (r.nextGaussian() * scale);
        }
        return x;
    }

    @ParameterizedTest
    @CsvSource({"16,1", "16,7", "64,33", "80,100", "80,1", "96,257", "20,5", "6,3"})
    void vectorAttentionEqualsScalar(int headDim, int len) {
        SplittableRandom r = new SplittableRandom(headDim * 1000L + len);
        int kvHeads = 3, stride = kvHeads * headDim, kvOff = headDim; // the middle head
        float[] q = random(r, headDim + 5, 1);
        float[] keys = random(r, len * stride, 1);
        float[] values = random(r, len * stride, 1);
        float scale = (float) (1 / Math.sqrt(headDim));
        float[] outS = new float[headDim + 9], outV = new float[headDim + 9];
        AttentionKernels.attendScalar(q, 5, keys, values, stride, kvOff, headDim, len, scale, new float[len], outS, 9);
        AttentionKernels.attendVector(q, 5, keys, values, stride, kvOff, headDim, len, scale, new float[len], outV, 9);
        for (int d = 0; d < headDim; d++) {
            assertThat(Math.abs(outS[9 + d] - outV[9 + d])).as("dim %d", d).isLessThan(2e-6f);
        }
        // and both match a float64 computation
        double[] s = new double[len];
        double max = Double.NEGATIVE_INFINITY;
        for (int p = 0; p < len; p++) {
            for (int d = 0; d < headDim; d++) {
                s[p] += (double) q[5 + d] * keys[p * stride + kvOff + d];
            }
            s[p] *= scale;
            max = Math.max(max, s[p]);
        }
        double sum = 0;
        for (int p = 0; p < len; p++) {
            s[p] = Math.exp(s[p] - max);
            sum += s[p];
        }
        for (int d = 0; d < headDim; d++) {
            double o = 0;
            for (int p = 0; p < len; p++) {
                o += s[p] / sum * values[p * stride + kvOff + d];
            }
            assertThat(Math.abs(outV[9 + d] - o)).isLessThan(1e-5);
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 15, 16, 17, 100, 10240})
    void vectorGeluEqualsScalarAndTheTanhFormula(int n) {
        SplittableRandom r = new SplittableRandom(n);
        float[] x = random(r, n + 3, 3);
        float[] scalar = x.clone();
        Ops.geluNew(scalar, 3, n + 3);
        float[] vector = x.clone();
        ElementwiseKernels.geluNew(vector, 3, n + 3);
        for (int i = 0; i < n + 3; i++) {
            double v = x[i];
            double exact = i < 3 ? v : 0.5 * v * (1 + Math.tanh(Math.sqrt(2 / Math.PI) * (v + 0.044715 * v * v * v)));
            assertThat(Math.abs(vector[i] - exact)).as("x=%s", v).isLessThan(1e-6 + 1e-6 * Math.abs(exact));
            assertThat(Math.abs(scalar[i] - exact)).isLessThan(1e-6 + 1e-6 * Math.abs(exact));
        }
    }
}
