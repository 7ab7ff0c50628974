package io.phi4j.model;

import io.phi4j.Model;
import io.phi4j.tensor.Tensor;
import io.phi4j.testing.Fixtures;
import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

class HiddenStatesTest {
    /**
     * The hidden rows are what the output matrix multiplies: {@code W_out · h + b_out} computed here, in double,
     * from the rows {@link Session#appendHidden} hands out, must equal the logits of an ordinary run. 300 tokens span
     * two prefill batches, so the row index offset between batches is checked too.
     */
    @Test
    void hiddenRowsTimesTheOutputMatrixAreTheLogits() {
        try (Model m = Model.load(Fixtures.resource("reference/small-phi2/small-phi2-F16.gguf"))) {
            int vocab = m.config().vocabSize(), h = m.config().hiddenSize();
            int n = 300;
            int[] ids = new Random(7).ints(n, 0, vocab).toArray();
            float[] logits = m.newSession(512).append(ids, 0, n, true);
            float[][] hidden = new float[n][];
            int[] calls = {0};
            m.newSession(512).appendHidden(ids, 0, n, (i, row, off) -> {
                assertThat(hidden[i]).as("row %d given once", i).isNull();
                hidden[i] = java.util.Arrays.copyOfRange(row, off, off + h);
                calls[0]++;
            });
            assertThat(calls[0]).isEqualTo(n);
            Tensor out = m.weights().output();
            float[] bias = m.weights().outputBias().toFloatArray();
            float[] w = new float[h];
            double maxDiff = 0;
            for (int v = 0; v < vocab; v += 7) {
                out.dequantizeRow(v, w, 0);
                for (int t = 0; t < n; t += 13) {
                    double dot = bias[v];
                    for (int j = 0; j < h; j++) {
                        dot += (double) w[j] * hidden[t][j];
                    }
                    maxDiff = Math.max(maxDiff, Math.abs(dot - logits[t * vocab + v]));
                }
            }
            assertThat(maxDiff).isLessThan(2e-3);
            // After a LayerNorm with weight γ and bias β, (h - β) / γ has mean 0 and variance 1 per row.
            float[] gamma = m.weights().outputNormWeight().toFloatArray();
            float[] beta = m.weights().outputNormBias().toFloatArray();
            double mean = 0, sq = 0;
            for (int j = 0; j < h; j++) {
                double z = (hidden[5][j] - beta[j]) / gamma[j];
                mean += z;
                sq += z * z;
            }
            assertThat(mean / h).isCloseTo(0, org.assertj.core.data.Offset.offset(1e-3));
            assertThat(sq / h).isCloseTo(1, org.assertj.core.data.Offset.offset(1e-2));
        }
    }
}
