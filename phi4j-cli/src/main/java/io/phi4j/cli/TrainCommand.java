package io.phi4j.cli;

import io.phi4j.PhiException;
import io.phi4j.train.run.TrainOptions;
import io.phi4j.train.run.Trainer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;

@Command(name = "train", mixinStandardHelpOptions = true,
        description = {"Train a Phi-architecture model on token shards (from 'phi data tokenize'), from scratch or from",
                "given weights. Writes RUN_DIR/metrics.jsonl, RUN_DIR/report.html (loss curves) and Hugging Face",
                "checkpoints with optimizer state in RUN_DIR/checkpoints/; --resume continues after a crash with",
                "exactly the losses an uninterrupted run has."},
        footerHeading = "%nExamples:%n",
        footer = {"  phi train --arch tiny --data shards/ --out runs/tiny --steps 2000 --batch 16 --ctx 256",
                "  phi train --config model.json --data shards/ --out runs/a --lr 3e-4 --warmup 200",
                "  phi train --recipe recipe.json --out runs/b",
                "  phi train --recipe recipes/phi4j-tiny.json        (the embedded default model, data to GGUF)",
                "  phi train --out runs/b --resume",
                "Presets for --arch: phi-2, phi-1.5, phi-1, gpt2-small, small, tiny; overrides as key=value,",
                "e.g. --arch gpt2-small,layers=6,ctx=512 (keys: vocab hidden ff layers heads kv_heads rope_dims ctx theta)."})
final class TrainCommand implements Callable<Integer> {
    @Option(names = "--out", paramLabel = "RUN_DIR", description = "Run directory (metrics, report, checkpoints); may come from the recipe.")
    Path out;
    @Option(names = "--resume", description = "Continue the run in RUN_DIR from its latest checkpoint.")
    boolean resume;
    @Option(names = "--recipe", paramLabel = "FILE.json", description = "Take options from a JSON file (snake_case keys, plus \"out\" and the phi command lines \"prepare\" runs before and \"finish\" after training); options given here override it.")
    Path recipe;

    @Option(names = "--arch", paramLabel = "SPEC", description = "Model shape: preset[,key=value…].")
    String arch;
    @Option(names = "--config", paramLabel = "config.json", description = "Model shape from a Hugging Face config.json.")
    Path config;
    @Option(names = "--init", paramLabel = "MODEL", description = "Start from these weights (e.g. a 'phi grow' checkpoint).")
    Path init;
    @Option(names = "--data", paramLabel = "DIR", description = "Token shards from 'phi data tokenize'.")
    Path data;

    @Option(names = "--steps", description = "Optimizer steps (default 1000).") Integer steps;
    @Option(names = "--batch", description = "Sequences per micro-batch (default 8).") Integer batch;
    @Option(names = "--accum", description = "Micro-batches per step, gradient accumulation (default 1).") Integer accum;
    @Option(names = "--ctx", description = "Context length of training windows (default 256).") Integer ctx;
    @Option(names = "--lr", description = "Peak learning rate (default 6e-4).") Double lr;
    @Option(names = "--min-lr", description = "Final learning rate of the cosine (default lr/10).") Double minLr;
    @Option(names = "--warmup", description = "Linear warm-up steps (default 100).") Integer warmup;
    @Option(names = "--weight-decay", description = "AdamW decoupled weight decay on matrices (default 0.1).") Double weightDecay;
    @Option(names = "--beta1", description = "AdamW beta1 (default 0.9).") Double beta1;
    @Option(names = "--beta2", description = "AdamW beta2 (default 0.95).") Double beta2;
    @Option(names = "--eps", description = "AdamW epsilon (default 1e-8).") Double eps;
    @Option(names = "--clip", description = "Gradient-norm clip, 0 = off (default 1.0).") Double clip;
    @Option(names = "--resid-pdrop", description = "Dropout on attention and MLP outputs (default 0).") Double residPdrop;
    @Option(names = "--embd-pdrop", description = "Dropout on embeddings (default 0).") Double embdPdrop;
    @Option(names = "--seed", description = "Seed for init, data order and dropout (default 1337).") Long seed;
    @Option(names = "--eval-every", description = "Validation every N steps, 0 = never (default 100).") Integer evalEvery;
    @Option(names = "--eval-batches", description = "Batches per validation (default 20).") Integer evalBatches;
    @Option(names = "--save-every", description = "Checkpoint every N steps (default 500; always at the end).") Integer saveEvery;
    @Option(names = {"-t", "--threads"}, description = "Worker threads (default: all processors).") Integer threads;
    @Option(names = "--peak-gflops", description = "Peak for MFU (default: measured with the training matmul).") Double peakGflops;

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        Recipe rec = recipe != null ? Recipe.read(recipe) : null;
        TrainOptions given = rec != null ? rec.train() : TrainOptions.empty();
        if (out == null) {
            if (rec == null || rec.out() == null) {
                throw new PhiException("--out RUN_DIR is required (or an \"out\" key in the recipe)");
            }
            out = Path.of(rec.out());
        }
        if (rec != null) {
            given.data = expandOut(given.data, out);
            given.init = expandOut(given.init, out);
            given.config = expandOut(given.config, out);
            RecipeSteps.prepare(rec, out, spec.commandLine().getOut(), spec.commandLine().getErr());
        }
        TrainOptions cli = TrainOptions.empty();
        cli.arch = arch;
        cli.config = str(config);
        cli.init = str(init);
        cli.data = str(data);
        cli.steps = steps;
        cli.batch = batch;
        cli.accum = accum;
        cli.ctx = ctx;
        cli.lr = lr;
        cli.minLr = minLr;
        cli.warmup = warmup;
        cli.weightDecay = weightDecay;
        cli.beta1 = beta1;
        cli.beta2 = beta2;
        cli.eps = eps;
        cli.clip = clip;
        cli.residPdrop = residPdrop;
        cli.embdPdrop = embdPdrop;
        cli.seed = seed;
        cli.evalEvery = evalEvery;
        cli.evalBatches = evalBatches;
        cli.saveEvery = saveEvery;
        cli.threads = threads;
        cli.peakGflops = peakGflops;
        if (cli.arch != null || cli.config != null) {
            // a shape given on the command line replaces the recipe's, whichever way the recipe gave it
            given.arch = null;
            given.config = null;
        }
        TrainOptions options = given.overriddenBy(cli);
        PrintWriter err = spec.commandLine().getErr();
        boolean terminal = System.console() != null && System.console().isTerminal();
        Trainer.Result r = Trainer.run(out, options, resume, err, terminal);
        PrintWriter o = spec.commandLine().getOut();
        o.printf(Locale.ROOT, "trained %d steps: loss %.4f%s; %,.0f tokens/s; report %s%n", r.steps(), r.lastLoss(),
                Double.isNaN(r.lastValLoss()) ? "" : String.format(Locale.ROOT, ", validation %.4f", r.lastValLoss()),
                r.tokensPerSecond(), out.resolve("report.html"));
        o.flush();
        if (rec != null) {
            RecipeSteps.finish(rec, out, o, spec.commandLine().getErr());
        }
        return Main.EXIT_OK;
    }

    private static String expandOut(String s, Path out) {
        return s == null ? null : s.replace("{out}", out.toString());
    }

    private static String str(Path p) {
        return p == null ? null : p.toString();
    }
}
