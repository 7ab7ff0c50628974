package io.phi4j.train;

import io.phi4j.Model;
import io.phi4j.kernel.WorkerPool;
import io.phi4j.model.PhiConfig;
import io.phi4j.model.Session;
import io.phi4j.train.ckpt.ModelIO;
import io.phi4j.train.kernel.Sgemm;
import io.phi4j.train.kernel.TrainMatMul;
import io.phi4j.train.model.PhiParams;
import io.phi4j.train.model.PhiTrainModel;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The training forward pass computes what the inference engine computes: a model saved by training
 * (Hugging Face layout) and loaded by {@link Model#load} gives the same logits at every position.
 */
class InferenceParityTest {
    @Test
    void savedCheckpointGivesTheTrainingLogitsInTheInferenceEngine(@TempDir Path dir) {
        PhiConfig c = new PhiConfig(96, 64, 128, 3, 4, 4, 8, 10000, 1e-5, 64, 0, 0);
        PhiParams params = TinyModels.randomWeights(c, 3);
        int seq = 20;
        int[] tokens = TinyModels.randomTokens(2 * seq, c.vocabSize(), 8);
        float[] trainLogits;
        try (WorkerPool pool = new WorkerPool(2)) {
            PhiTrainModel m = new PhiTrainModel(params, 2, seq, new TrainMatMul(Sgemm.DEFAULT, pool));
            m.forward(tokens, null);
            trainLogits = m.logits().clone();
        }
        ModelIO.save(dir, params, 0f, 0f, null);
        try (Model model = Model.load(dir)) {
            for (int b = 0; b < 2; b++) {
                Session s = model.newSession(seq);
                float[] rows = s.append(tokens, b * seq, seq, true);
                for (int t = 0; t < seq; t++) {
                    for (int v = 0; v < c.vocabSize(); v++) {
                        float expected = rows[t * c.vocabSize() + v];
                        assertThat(trainLogits[(b * seq + t) * c.vocabSize() + v]).as("seq %d pos %d token %d", b, t, v)
                                .isCloseTo(expected, org.assertj.core.data.Offset.offset(2e-4f * (1 + Math.abs(expected))));
                    }
                }
            }
        }
    }
}
