package io.phi4j.train.run;

import io.phi4j.format.safetensors.AtomicFile;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Validation loss against model FLOPs for several runs, as one SVG, plus the compute each run needs to reach a
 * target loss. {@code CompareRuns OUT.svg TARGET_RUN_LABEL LABEL=metrics.jsonl[+OFFSET_FLOPS]...}: each run's
 * FLOPs are shifted by its offset (a grown model's curve starts at the small model's cost). The target is the
 * final validation loss of the run labelled {@code TARGET_RUN_LABEL}; the compute to reach it is interpolated
 * linearly between evaluations.
 */
public final class CompareRuns {
    private CompareRuns() {
    }

    record Run(String label, double[] flops, double[] val) {
    }

    public static void main(String[] args) {
        Path out = Path.of(args[0]);
        String targetLabel = args[1];
        String[] colors = {"#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e"};
        List<Run> runs = new ArrayList<>();
        for (int i = 2; i < args.length; i++) {
            String[] kv = args[i].split("=", 2);
            String[] fileOffset = kv[1].split("\\+", 2);
            double offset = fileOffset.length > 1 ? Double.parseDouble(fileOffset[1]) : 0;
            List<Metrics.Entry> evals = Metrics.read(Path.of(fileOffset[0])).stream().filter(Metrics.Entry::isEval).toList();
            runs.add(new Run(kv[0], evals.stream().mapToDouble(e -> e.flops() + offset).toArray(),
                    evals.stream().mapToDouble(Metrics.Entry::valLoss).toArray()));
        }
        Run target = runs.stream().filter(r -> r.label().equals(targetLabel)).findFirst().orElseThrow();
        double goal = target.val()[target.val().length - 1];
        double goalFlops = target.flops()[target.flops().length - 1];
        SvgChart chart = new SvgChart("Validation loss against training compute", "model FLOPs (6N + 12LHT per token)",
                "validation loss (nats/token)").logX(true).size(760, 440);
        for (int i = 0; i < runs.size(); i++) {
            Run r = runs.get(i);
            // the first evaluation of a fresh run (0 FLOPs) cannot sit on a log axis; it is drawn at the next point's scale
            chart.line(r.label(), colors[i % colors.length], r.flops(), r.val());
            chart.dots("", colors[i % colors.length], r.flops(), r.val());
        }
        double[] gx = {minPositive(runs), goalFlops * 1.05};
        chart.thinLine(String.format(Locale.ROOT, "%s final: %.4f", targetLabel, goal), "#999999", gx, new double[] {goal, goal});
        AtomicFile.writeString(out, chart.render());
        System.out.printf(Locale.ROOT, "target: %s's final validation loss %.4f at %.4g FLOPs%n", targetLabel, goal, goalFlops);
        for (Run r : runs) {
            double reach = reach(r, goal);
            System.out.printf(Locale.ROOT, "%-10s final val %.4f at %.4g FLOPs; reaches %.4f at %s%n", r.label(),
                    r.val()[r.val().length - 1], r.flops()[r.flops().length - 1], goal,
                    Double.isNaN(reach) ? "never" : String.format(Locale.ROOT, "%.4g FLOPs (%.1f%% of %s's)", reach,
                            100 * reach / goalFlops, targetLabel));
        }
    }

    static double reach(Run r, double goal) {
        for (int i = 0; i < r.val().length; i++) {
            if (r.val()[i] <= goal) {
                if (i == 0) {
                    return r.flops()[0];
                }
                double t = (r.val()[i - 1] - goal) / (r.val()[i - 1] - r.val()[i]);
                return r.flops()[i - 1] + t * (r.flops()[i] - r.flops()[i - 1]);
            }
        }
        return Double.NaN;
    }

    private static double minPositive(List<Run> runs) {
        double m = Double.POSITIVE_INFINITY;
        for (Run r : runs) {
            for (double f : r.flops()) {
                if (f > 0) {
                    m = Math.min(m, f);
                }
            }
        }
        return m;
    }
}
