package io.phi4j.train.grow;

import io.phi4j.kernel.WorkerPool;
import io.phi4j.model.PhiConfig;
import io.phi4j.train.ckpt.ModelIO;
import io.phi4j.train.kernel.Sgemm;
import io.phi4j.train.kernel.TrainMatMul;
import io.phi4j.train.model.PhiParams;
import io.phi4j.train.model.PhiTrainModel;
import io.phi4j.train.ops.Dropout;

import java.nio.file.Files;
import java.nio.file.Path;

/** {@code phi grow}: load, grow, measure how well the function was kept, save as a Hugging Face checkpoint. */
public final class GrowJob {
    private GrowJob() {
    }

    /** @param maxLogitDiff largest |logit difference| between the models on a random probe sequence */
    public record Result(PhiConfig from, PhiConfig to, long parameters, double maxLogitDiff, double logitScale) {
    }

    public static Result run(Path from, PhiConfig target, Grow.Options options, Path out, WorkerPool pool) {
        PhiParams small = ModelIO.load(from);
        PhiParams big = Grow.grow(small, target, options);
        int seq = Math.min(64, Math.min(small.config().contextLength(), target.contextLength()));
        int[] probe = new int[seq];
        for (int i = 0; i < seq; i++) {
            probe[i] = (int) Math.floorMod(Dropout.mix(i + 12345L), (long) small.config().vocabSize());
        }
        TrainMatMul mm = new TrainMatMul(Sgemm.DEFAULT, pool);
        PhiTrainModel a = new PhiTrainModel(small, 1, seq, mm);
        a.forward(probe, null);
        float[] la = a.logits().clone();
        a = null;
        PhiTrainModel b = new PhiTrainModel(big, 1, seq, mm);
        b.forward(probe, null);
        float[] lb = b.logits();
        double diff = 0, scale = 0;
        for (int i = 0; i < la.length; i++) {
            diff = Math.max(diff, Math.abs(la[i] - lb[i]));
            scale = Math.max(scale, Math.abs(la[i]));
        }
        Path source = Files.isDirectory(from) ? from : from.toAbsolutePath().getParent();
        boolean hasTokenizer = Files.exists(source.resolve("tokenizer.json")) || Files.exists(source.resolve("vocab.json"));
        ModelIO.save(out, big, 0f, 0f, hasTokenizer ? source : null);
        return new Result(small.config(), target, big.count(), diff, scale);
    }
}
