package io.phi4j.cli;

import io.phi4j.PhiException;
import io.phi4j.format.hf.HfPhiConfig;
import io.phi4j.kernel.WorkerPool;
import io.phi4j.model.PhiConfig;
import io.phi4j.train.grow.Grow;
import io.phi4j.train.grow.GrowJob;
import io.phi4j.train.run.Arch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;

@Command(name = "grow", mixinStandardHelpOptions = true,
        description = {"Grow a trained model into a larger one that starts with the same function (knowledge transfer):",
                "width by HyperCloning (hidden, heads and MLP sizes by whole factors, head size kept; exact),",
                "depth by inserting blocks whose output projections are zero (exactly the identity in a Phi block).",
                "Prints the largest logit difference between the two models on a probe sequence."},
        footerHeading = "%nExamples:%n",
        footer = {"  phi grow --from runs/small/checkpoints/step-002000 --to-config big.json --out grown/",
                "  phi grow --from small/ --to-arch tiny,hidden=256,heads=8,layers=8 --out grown/ --noise 0.01"})
final class GrowCommand implements Callable<Integer> {
    @Option(names = "--from", required = true, paramLabel = "CKPT", description = "The trained model (any format phi4j loads).")
    Path from;
    @Option(names = "--to-config", paramLabel = "CONFIG", description = "Target shape: a Hugging Face config.json.")
    Path toConfig;
    @Option(names = "--to-arch", paramLabel = "SPEC", description = "Target shape as for 'phi train --arch' (vocab and context default to the source's).")
    String toArch;
    @Option(names = "--out", required = true, paramLabel = "CKPT2", description = "Output directory (Hugging Face layout).")
    Path out;
    @Option(names = "--depth-layout", defaultValue = "interleave", description = "Where new blocks go: interleave (after each source block) or stack (the whole stack repeated on top). Default: ${DEFAULT-VALUE}.")
    String layout;
    @Option(names = "--depth-init", defaultValue = "identity", description = "New blocks: identity (copies with zeroed output projections; exact) or copy (plain copies, as G_stack; not exact). Default: ${DEFAULT-VALUE}.")
    String depthInit;
    @Option(names = "--noise", defaultValue = "0", description = "Symmetry-breaking noise for width growth, as a fraction of each matrix's std (0 = exact). Default: ${DEFAULT-VALUE}.")
    double noise;
    @Option(names = "--seed", defaultValue = "0", description = "Seed of the noise.")
    long seed;

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        if ((toConfig == null) == (toArch == null)) {
            throw new PhiException("give the target shape with exactly one of --to-config or --to-arch");
        }
        PhiConfig target;
        if (toConfig != null) {
            target = HfPhiConfig.parse(toConfig);
        } else {
            PhiConfig source = io.phi4j.train.ckpt.ModelIO.load(from).config();
            String spec = toArch.contains("vocab=") ? toArch : toArch + ",vocab=" + source.vocabSize();
            spec = spec.contains("ctx=") ? spec : spec + ",ctx=" + source.contextLength();
            target = Arch.parse(spec, source.vocabSize(), source.eosTokenId());
        }
        Grow.Options options = new Grow.Options(
                switch (layout.toLowerCase(Locale.ROOT)) {
                    case "interleave" -> Grow.DepthLayout.INTERLEAVE;
                    case "stack" -> Grow.DepthLayout.STACK;
                    default -> throw new PhiException("--depth-layout must be interleave or stack, not " + layout);
                },
                switch (depthInit.toLowerCase(Locale.ROOT)) {
                    case "identity" -> Grow.DepthInit.IDENTITY;
                    case "copy" -> Grow.DepthInit.COPY;
                    default -> throw new PhiException("--depth-init must be identity or copy, not " + depthInit);
                },
                noise, seed);
        if (!(noise >= 0)) {
            throw new PhiException("--noise must not be negative");
        }
        GrowJob.Result r = GrowJob.run(from, target, options, out, WorkerPool.shared());
        PrintWriter o = spec.commandLine().getOut();
        o.printf(Locale.ROOT, "grew hidden %d → %d, layers %d → %d, heads %d → %d, MLP %d → %d: %,d parameters → %s%n",
                r.from().hiddenSize(), r.to().hiddenSize(), r.from().numLayers(), r.to().numLayers(), r.from().numHeads(),
                r.to().numHeads(), r.from().intermediateSize(), r.to().intermediateSize(), r.parameters(), out);
        o.printf(Locale.ROOT, "function kept: max |logit difference| %.3g on a %s-token probe (logits up to %.3g)%n",
                r.maxLogitDiff(), Math.min(64, r.from().contextLength()), r.logitScale());
        o.flush();
        return Main.EXIT_OK;
    }
}
