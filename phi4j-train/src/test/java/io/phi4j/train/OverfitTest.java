package io.phi4j.train;

import io.phi4j.kernel.WorkerPool;
import io.phi4j.model.PhiConfig;
import io.phi4j.train.kernel.Sgemm;
import io.phi4j.train.kernel.TrainMatMul;
import io.phi4j.train.model.PhiParams;
import io.phi4j.train.model.PhiTrainModel;
import io.phi4j.train.model.TrainInit;
import io.phi4j.train.optim.AdamW;
import io.phi4j.train.optim.GradClip;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Memorizing one batch: forward, backward and AdamW together drive the loss to (almost) zero. */
class OverfitTest {
    @Test
    void oneBatchIsOverfitToLossBelow005() {
        PhiConfig c = new PhiConfig(128, 64, 256, 2, 4, 4, 8, 10000, 1e-5, 64, 0, 0);
        PhiParams params = new PhiParams(c);
        TrainInit.initialize(params, 1);
        int batch = 2, seq = 32;
        int[] tokens = TinyModels.randomTokens(batch * seq, c.vocabSize(), 1);
        int[] targets = TinyModels.randomTokens(batch * seq, c.vocabSize(), 2);
        List<Double> losses = new ArrayList<>();
        try (WorkerPool pool = new WorkerPool(2)) {
            PhiTrainModel model = new PhiTrainModel(params, batch, seq, new TrainMatMul(Sgemm.DEFAULT, pool));
            AdamW opt = new AdamW(params.all(), 0.9, 0.95, 1e-8, 0.0);
            for (int step = 0; step < 300; step++) {
                params.zeroGrad();
                double loss = model.forward(tokens, targets);
                losses.add(loss);
                if (loss < 0.05) {
                    break;
                }
                model.backward(1f);
                GradClip.clip(pool, params.all(), 1.0);
                opt.update(pool, 3e-3);
            }
        }
        // random targets: the loss starts at ln(128) = 4.85 and can only fall below 0.05 by memorizing the batch
        assertThat(losses.getFirst()).isBetween(4.5, 5.2);
        assertThat(losses.getLast()).as("losses %s", losses).isLessThan(0.05);
    }
}
