package io.phi4j.train.run;

import io.phi4j.PhiException;
import io.phi4j.format.hf.HfPhiConfig;
import io.phi4j.format.safetensors.AtomicFile;
import io.phi4j.kernel.WorkerPool;
import io.phi4j.model.PhiConfig;
import io.phi4j.train.ckpt.Checkpoints;
import io.phi4j.train.ckpt.ModelIO;
import io.phi4j.train.ckpt.TrainerState;
import io.phi4j.train.data.TokenDataset;
import io.phi4j.train.kernel.Sgemm;
import io.phi4j.train.kernel.TrainMatMul;
import io.phi4j.train.model.PhiParams;
import io.phi4j.train.model.PhiTrainModel;
import io.phi4j.train.model.TrainInit;
import io.phi4j.train.optim.AdamW;
import io.phi4j.train.optim.GradClip;
import io.phi4j.train.optim.LrSchedule;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * {@code phi train}: the training loop. Per step: {@code accum} micro-batches of random windows (forward,
 * backward, gradients summed with weight 1/accum), global-norm clipping, the warm-up + cosine learning rate,
 * an AdamW update; then metrics, periodic validation, checkpoints and the report. Everything that varies
 * between steps (data windows, dropout masks) is a function of the seed and the step number, and every kernel
 * sums in a fixed order, so a run resumed from a checkpoint continues with exactly the losses an uninterrupted
 * run has.
 */
public final class Trainer {
    public static final String RUN_FILE = "run.json";

    /** The outcome of {@link #run}. */
    public record Result(long steps, double lastLoss, double lastValLoss, Path checkpoint, double tokensPerSecond,
                         double mfu) {
    }

    private final Path runDir;
    private final TrainOptions o;
    private final PrintWriter log;
    private final ProgressLine progress;

    private Trainer(Path runDir, TrainOptions o, PrintWriter log, boolean terminal) {
        this.runDir = runDir;
        this.o = o;
        this.log = log;
        this.progress = new ProgressLine(log, terminal);
    }

    /**
     * Trains (or, with {@code resume}, continues the run in {@code runDir} from its latest checkpoint; options
     * given then override the saved ones, which changes the result if they matter).
     */
    public static Result run(Path runDir, TrainOptions given, boolean resume, PrintWriter log, boolean terminal) {
        Path runFile = runDir.resolve(RUN_FILE);
        TrainOptions options;
        if (resume) {
            if (!Files.isRegularFile(runFile)) {
                throw new PhiException(runDir + ": nothing to resume (no " + RUN_FILE + ")");
            }
            options = TrainOptions.read(runFile).overriddenBy(given);
        } else {
            if (Files.isDirectory(runDir.resolve("checkpoints")) || Files.exists(runFile)) {
                throw new PhiException(runDir + ": already holds a training run; add --resume to continue it, or choose another --out");
            }
            options = new TrainOptions().overriddenBy(given);
        }
        options.validate();
        return new Trainer(runDir, options, log, terminal).train(resume);
    }

    private Result train(boolean resume) {
        try (TokenDataset data = TokenDataset.open(Path.of(o.data));
             WorkerPool pool = new WorkerPool(o.threads != null ? o.threads : Runtime.getRuntime().availableProcessors())) {
            PhiParams params = initialParams(data);
            PhiConfig config = params.config();
            if (data.vocabSize() > config.vocabSize()) {
                throw new PhiException("the data's vocabulary (" + data.vocabSize() + " ids) does not fit the model's (" + config.vocabSize() + ")");
            }
            if (o.ctx > config.contextLength()) {
                throw new PhiException("--ctx " + o.ctx + " is longer than the model's context length " + config.contextLength());
            }
            if (data.trainWindows(o.ctx) == 0) {
                throw new PhiException(o.data + ": " + data.trainTokens() + " training tokens are too few for windows of --ctx " + o.ctx);
            }
            Files.createDirectories(runDir);
            AtomicFile.writeString(runDir.resolve(RUN_FILE), o.toJson());
            AtomicFile.writeString(runDir.resolve("model-config.json"), HfPhiConfig.toJson(config));

            TrainMatMul mm = new TrainMatMul(Sgemm.DEFAULT, pool);
            PhiTrainModel model = new PhiTrainModel(params, o.batch, o.ctx, mm);
            model.setDropout(o.residPdrop.floatValue(), o.embdPdrop.floatValue());
            AdamW adamw = new AdamW(params.all(), o.beta1, o.beta2, o.eps, o.weightDecay);
            LrSchedule schedule = new LrSchedule(o.lr, o.minLrOrDefault(), o.warmup, o.steps);
            Checkpoints ckpts = new Checkpoints(runDir);
            ckpts.removePartial();

            TrainerState state = new TrainerState(0, 0, 0, 0, o.seed, Double.NaN);
            Path latest = ckpts.latest();
            if (resume && latest != null) {
                state = Checkpoints.readState(latest);
                Checkpoints.restore(latest, params, adamw);
                progress.message("resumed from " + latest + " (step " + state.step() + ")");
            } else if (resume) {
                progress.message("no checkpoint yet in " + runDir + "; starting from step 0");
            }
            double peak = o.peakGflops != null ? o.peakGflops : PeakFlops.measure(pool, Sgemm.DEFAULT, 1.5);
            double flopsPerToken = Flops.perToken(config, o.ctx);
            long tokensPerStep = (long) o.batch * o.ctx * o.accum;
            String title = "phi4j training: " + runDir.getFileName();
            progress.message(String.format(Locale.ROOT, "model: %,d parameters (hidden %d, %d layers, %d heads); "
                            + "%,d tokens/step; %.3g FLOPs/token; matmul peak %.1f GFLOPS on %d threads",
                    params.count(), config.hiddenSize(), config.numLayers(), config.numHeads(), tokensPerStep,
                    flopsPerToken, peak, pool.threads()));

            int[] inputs = new int[o.batch * o.ctx], targets = new int[o.batch * o.ctx];
            double lastVal = Double.NaN, lastTps = 0, lastMfu = 0;
            Path lastCkpt = latest;
            try (Metrics metrics = new Metrics(runDir.resolve("metrics.jsonl"), resume && latest != null ? state.step() : -1)) {
                for (Metrics.Entry e : metrics.entries()) {
                    if (e.isEval()) {
                        lastVal = e.valLoss();
                    }
                }
                long step = state.step();
                if (step == 0 && o.evalEvery > 0 && data.valWindows(o.ctx) > 0) {
                    lastVal = evaluate(model, data, inputs, targets);
                    metrics.log(evalFields(0, lastVal, state));
                }
                long lastReport = System.nanoTime();
                while (step < o.steps) {
                    long t0 = System.nanoTime();
                    params.zeroGrad();
                    double loss = 0;
                    for (int micro = 0; micro < o.accum; micro++) {
                        data.trainBatch(o.seed, step, micro, o.batch, o.ctx, inputs, targets);
                        model.train(o.seed, step, micro);
                        loss += model.forward(inputs, targets);
                        model.backward(1f / o.accum);
                    }
                    loss /= o.accum;
                    if (!Double.isFinite(loss)) {
                        throw new PhiException("training diverged at step " + step + " (loss " + loss + "); lower --lr");
                    }
                    double norm = GradClip.clip(pool, params.all(), o.clip);
                    double lr = schedule.at(step);
                    adamw.update(pool, lr);
                    double seconds = (System.nanoTime() - t0) / 1e9;
                    step++;
                    state = new TrainerState(step, state.tokens() + tokensPerStep, state.flops() + flopsPerToken * tokensPerStep,
                            state.seconds() + seconds, o.seed, loss);
                    lastTps = tokensPerStep / seconds;
                    if (o.peakGflops == null) {
                        // a busy machine can spoil the start-up measurement; no product of this run can beat the peak
                        peak = Math.max(peak, mm.bestGflops());
                    }
                    lastMfu = flopsPerToken * lastTps / (peak * 1e9);
                    Map<String, Object> f = new LinkedHashMap<>();
                    f.put("step", step);
                    f.put("loss", loss);
                    f.put("lr", lr);
                    f.put("grad_norm", norm);
                    f.put("tokens", state.tokens());
                    f.put("flops", state.flops());
                    f.put("step_ms", Math.round(seconds * 1e4) / 10.0);
                    f.put("tok_per_s", Math.round(lastTps * 10) / 10.0);
                    f.put("mfu", Math.round(lastMfu * 1e4) / 1e4);
                    f.put("peak_gflops", Math.round(peak * 10) / 10.0);
                    metrics.log(f);
                    boolean last = step == o.steps;
                    boolean evalNow = o.evalEvery > 0 && (step % o.evalEvery == 0 || last) && data.valWindows(o.ctx) > 0;
                    if (evalNow) {
                        lastVal = evaluate(model, data, inputs, targets);
                        metrics.log(evalFields(step, lastVal, state));
                    }
                    if ((o.saveEvery > 0 && step % o.saveEvery == 0) || last) {
                        lastCkpt = ckpts.save(params, adamw, state, o.residPdrop.floatValue(), o.embdPdrop.floatValue(),
                                data.tokenizerDir());
                    }
                    double eta = state.seconds() / (step - 0.0) * (o.steps - step);
                    progress.update(step, o.steps, loss, lastVal, lastTps, lastMfu, state.seconds(), eta, evalNow || last);
                    if (evalNow || last || System.nanoTime() - lastReport > 60_000_000_000L) {
                        Report.write(runDir.resolve("report.html"), title, config, params.count(), o, metrics.entries(),
                                last ? "finished" : "training (step " + step + " of " + o.steps + ")", !last);
                        lastReport = System.nanoTime();
                    }
                }
                if (state.step() >= o.steps && metrics.entries().isEmpty()) {
                    progress.message("the run already reached step " + o.steps);
                }
                Report.write(runDir.resolve("report.html"), title, config, params.count(), o, metrics.entries(), "finished", false);
            }
            progress.finish();
            if (lastCkpt != null) {
                progress.message("checkpoint: " + lastCkpt);
            }
            return new Result(state.step(), state.lastLoss(), lastVal, lastCkpt, lastTps, lastMfu);
        } catch (java.io.IOException e) {
            throw new PhiException(runDir + ": " + e.getMessage(), e);
        }
    }

    private Map<String, Object> evalFields(long step, double val, TrainerState s) {
        Map<String, Object> f = new LinkedHashMap<>();
        f.put("step", step);
        f.put("val_loss", val);
        f.put("tokens", s.tokens());
        f.put("flops", s.flops());
        return f;
    }

    /** Mean loss over the first {@code evalBatches × batch} validation windows. */
    private double evaluate(PhiTrainModel model, TokenDataset data, int[] inputs, int[] targets) {
        model.eval();
        double sum = 0;
        int batches = o.evalBatches;
        long windows = data.valWindows(o.ctx);
        // never more batches than it takes to see every validation window once
        batches = (int) Math.max(1, Math.min(batches, (windows + o.batch - 1) / o.batch));
        for (int i = 0; i < batches; i++) {
            for (int b = 0; b < o.batch; b++) {
                data.valWindow((long) i * o.batch + b, o.ctx, inputs, targets, b);
            }
            sum += model.forward(inputs, targets);
        }
        return sum / batches;
    }

    private PhiParams initialParams(TokenDataset data) {
        PhiConfig shape = null;
        if (o.config != null) {
            shape = HfPhiConfig.parse(Path.of(o.config));
        } else if (o.arch != null) {
            shape = Arch.parse(o.arch, data.vocabSize(), data.eosId());
        }
        if (o.init != null) {
            PhiParams p = ModelIO.load(Path.of(o.init));
            if (shape != null && !sameShape(shape, p.config())) {
                throw new PhiException("--init " + o.init + " has shape " + p.config() + ", not the requested " + shape);
            }
            return p;
        }
        PhiParams p = new PhiParams(shape);
        TrainInit.initialize(p, o.seed);
        return p;
    }

    private static boolean sameShape(PhiConfig a, PhiConfig b) {
        return a.vocabSize() == b.vocabSize() && a.hiddenSize() == b.hiddenSize() && a.intermediateSize() == b.intermediateSize()
                && a.numLayers() == b.numLayers() && a.numHeads() == b.numHeads() && a.numKvHeads() == b.numKvHeads()
                && a.ropeDims() == b.ropeDims();
    }
}
