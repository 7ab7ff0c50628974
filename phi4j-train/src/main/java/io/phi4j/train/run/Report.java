package io.phi4j.train.run;

import io.phi4j.format.safetensors.AtomicFile;
import io.phi4j.model.PhiConfig;

import java.nio.file.Path;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;

/**
 * {@code report.html}: one static page with the run's settings, its latest numbers and SVG charts of the
 * training and validation loss (against steps and against FLOPs), the learning rate and the throughput.
 * Nothing is loaded from the network. While training runs the page reloads itself every 30 s; it is rewritten
 * atomically after each evaluation and at the end.
 */
public final class Report {
    private Report() {
    }

    public static void write(Path file, String title, PhiConfig config, long params, TrainOptions options,
                             List<Metrics.Entry> entries, String status, boolean running) {
        AtomicFile.writeString(file, html(title, config, params, options, entries, status, running));
    }

    static String html(String title, PhiConfig config, long params, TrainOptions o, List<Metrics.Entry> entries,
                       String status, boolean running) {
        List<Metrics.Entry> train = entries.stream().filter(e -> !e.isEval()).toList();
        List<Metrics.Entry> val = entries.stream().filter(Metrics.Entry::isEval).toList();
        double[] step = train.stream().mapToDouble(Metrics.Entry::step).toArray();
        double[] loss = train.stream().mapToDouble(Metrics.Entry::loss).toArray();
        double[] smooth = ema(loss, 0.9);
        double[] vStep = val.stream().mapToDouble(Metrics.Entry::step).toArray();
        double[] vLoss = val.stream().mapToDouble(Metrics.Entry::valLoss).toArray();
        double[] flops = train.stream().mapToDouble(Metrics.Entry::flops).toArray();
        double[] vFlops = val.stream().mapToDouble(Metrics.Entry::flops).toArray();
        double[] lr = train.stream().mapToDouble(e -> num(e, "lr")).toArray();
        double[] tps = train.stream().mapToDouble(e -> num(e, "tok_per_s")).toArray();
        double[] mfu = train.stream().mapToDouble(e -> num(e, "mfu") * 100).toArray();

        boolean log = loss.length > 0 && max(loss) / Math.max(1e-9, min(loss)) > 3;
        String lossChart = new SvgChart("Loss", "step", "cross-entropy (nats)").logY(log)
                .thinLine("train", "#9ecae1", step, loss).line("train (EMA 0.9)", "#1f77b4", step, smooth)
                .dots("validation", "#d62728", vStep, vLoss).render();
        String flopsChart = new SvgChart("Loss against compute", "model FLOPs", "cross-entropy (nats)").logX(true).logY(log)
                .line("train (EMA 0.9)", "#1f77b4", flops, smooth).dots("validation", "#d62728", vFlops, vLoss).render();
        String lrChart = new SvgChart("Learning rate", "step", "lr").size(420, 240).line("lr", "#2ca02c", step, lr).render();
        String tpsChart = new SvgChart("Throughput", "step", "tokens/s").size(420, 240).thinLine("tokens/s", "#ff7f0e", step, tps).render();
        String mfuChart = new SvgChart("Model FLOPs utilisation", "step", "% of measured matmul peak").size(420, 240)
                .thinLine("MFU", "#9467bd", step, mfu).render();

        StringBuilder sb = new StringBuilder();
        sb.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n");
        if (running) {
            sb.append("<meta http-equiv=\"refresh\" content=\"30\">\n");
        }
        sb.append("<title>").append(SvgChart.esc(title)).append("</title>\n<style>body{font-family:sans-serif;margin:2em;max-width:1400px}"
                + "table{border-collapse:collapse}td,th{padding:2px 10px;text-align:left;border-bottom:1px solid #eee}"
                + ".charts{display:flex;flex-wrap:wrap;gap:12px}</style></head><body>\n");
        sb.append("<h1>").append(SvgChart.esc(title)).append("</h1>\n<p>").append(SvgChart.esc(status)).append(" — updated ")
                .append(ZonedDateTime.now().format(DateTimeFormatter.ISO_OFFSET_DATE_TIME)).append("</p>\n");
        sb.append("<table>\n");
        if (!train.isEmpty()) {
            Metrics.Entry last = train.getLast();
            row(sb, "step", last.step() + " / " + o.steps);
            row(sb, "train loss (last, EMA)", String.format(Locale.ROOT, "%.4f, %.4f", last.loss(), smooth[smooth.length - 1]));
            row(sb, "tokens seen", String.format(Locale.ROOT, "%,.0f", last.tokens()));
            row(sb, "model FLOPs", String.format(Locale.ROOT, "%.3e", last.flops()));
            row(sb, "throughput (last step)", String.format(Locale.ROOT, "%,.0f tokens/s, MFU %.1f%%", num(last, "tok_per_s"),
                    100 * num(last, "mfu")));
        }
        if (!val.isEmpty()) {
            row(sb, "validation loss (last)", String.format(Locale.ROOT, "%.4f at step %d", val.getLast().valLoss(), val.getLast().step()));
        }
        row(sb, "model", String.format(Locale.ROOT, "%,d parameters: hidden %d, %d layers, %d heads (rotary %d of %d dims), MLP %d, vocab %d",
                params, config.hiddenSize(), config.numLayers(), config.numHeads(), config.ropeDims(), config.headDim(),
                config.intermediateSize(), config.vocabSize()));
        row(sb, "batch", String.format(Locale.ROOT, "%d × %d tokens × %d accumulation = %,d tokens/step", o.batch, o.ctx, o.accum,
                (long) o.batch * o.ctx * o.accum));
        row(sb, "optimizer", String.format(Locale.ROOT, "AdamW lr %.3g → %.3g (warm-up %d, cosine), betas (%s, %s), eps %s, "
                + "weight decay %s, clip %s", o.lr, o.minLrOrDefault(), o.warmup, o.beta1, o.beta2, o.eps, o.weightDecay, o.clip));
        row(sb, "dropout", "resid " + o.residPdrop + ", embd " + o.embdPdrop);
        row(sb, "data", String.valueOf(o.data));
        row(sb, "seed", String.valueOf(o.seed));
        sb.append("</table>\n<div class=\"charts\">\n");
        for (String svg : new String[] {lossChart, flopsChart, lrChart, tpsChart, mfuChart}) {
            sb.append("<div>").append(svg).append("</div>\n");
        }
        sb.append("</div>\n<p>Data: <code>metrics.jsonl</code> in this directory.</p>\n</body></html>\n");
        return sb.toString();
    }

    private static void row(StringBuilder sb, String k, String v) {
        sb.append("<tr><th>").append(SvgChart.esc(k)).append("</th><td>").append(SvgChart.esc(v)).append("</td></tr>\n");
    }

    private static double num(Metrics.Entry e, String key) {
        Object v = e.fields().get(key);
        return v instanceof Number n ? n.doubleValue() : Double.NaN;
    }

    static double[] ema(double[] x, double beta) {
        double[] out = new double[x.length];
        double m = 0;
        for (int i = 0; i < x.length; i++) {
            m = beta * m + (1 - beta) * x[i];
            out[i] = m / (1 - Math.pow(beta, i + 1)); // bias-corrected, as Adam's moments
        }
        return out;
    }

    private static double max(double[] x) {
        double m = Double.NEGATIVE_INFINITY;
        for (double v : x) {
            m = Math.max(m, v);
        }
        return m;
    }

    private static double min(double[] x) {
        double m = Double.POSITIVE_INFINITY;
        for (double v : x) {
            m = Math.min(m, v);
        }
        return m;
    }
}
