package io.phi4j.eval;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * A grouped bar chart (SVG) of several results files: one group per task/metric, one bar per file. Metrics
 * between 0 and 1 only (accuracies, exact match, pass@k); perplexities are left out of the chart.
 */
public final class CompareChart {
    private static final String[] COLORS = {"#4e79a7", "#f28e2b", "#e15759", "#76b7b2", "#59a14f", "#edc948", "#b07aa1", "#ff9da7"};

    private CompareChart() {
    }

    /** Bars: metric label → (run name → value). */
    public static Map<String, Map<String, Double>> collect(Map<String, Map<String, Map<String, Object>>> runs) {
        Map<String, Map<String, Double>> bars = new LinkedHashMap<>();
        for (var run : runs.entrySet()) {
            for (var task : run.getValue().entrySet()) {
                for (var m : task.getValue().entrySet()) {
                    String key = m.getKey();
                    if (!key.endsWith(",none") && !key.contains(",strict-match") && !key.contains(",flexible-extract")) {
                        continue;
                    }
                    if (key.contains("_stderr") || key.startsWith("perplexity") || !(m.getValue() instanceof Number v)) {
                        continue;
                    }
                    String label = task.getKey() + " " + key.replace(",none", "");
                    bars.computeIfAbsent(label, x -> new LinkedHashMap<>()).put(run.getKey(), v.doubleValue());
                }
            }
        }
        return bars;
    }

    public static String svg(Map<String, Map<String, Map<String, Object>>> runs) {
        Map<String, Map<String, Double>> bars = collect(runs);
        List<String> names = new ArrayList<>(runs.keySet());
        int groups = bars.size(), per = Math.max(1, names.size());
        int barW = 16, gap = 24, left = 50, top = 40, height = 260, bottom = 130;
        int width = left + groups * (per * barW + gap) + 20 + 200;
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" font-family=\"sans-serif\" font-size=\"11\">%n",
                width, top + height + bottom));
        sb.append("<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n");
        sb.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"20\" font-size=\"14\">phi eval compare</text>%n", left));
        for (int t = 0; t <= 10; t += 2) {
            double y = top + height - t / 10.0 * height;
            sb.append(String.format(Locale.ROOT, "<line x1=\"%d\" x2=\"%d\" y1=\"%.1f\" y2=\"%.1f\" stroke=\"#ddd\"/>%n", left, width - 210, y, y));
            sb.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%.1f\" text-anchor=\"end\">%.1f</text>%n", left - 5, y + 4, t / 10.0));
        }
        int g = 0;
        for (var bar : bars.entrySet()) {
            int x0 = left + g * (per * barW + gap) + gap / 2;
            for (int i = 0; i < names.size(); i++) {
                Double v = bar.getValue().get(names.get(i));
                if (v == null) {
                    continue;
                }
                double h = Math.max(0, Math.min(1, v)) * height;
                sb.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%.1f\" width=\"%d\" height=\"%.1f\" fill=\"%s\"><title>%s %s: %.4f</title></rect>%n",
                        x0 + i * barW, top + height - h, barW - 2, h, COLORS[i % COLORS.length], escape(names.get(i)), escape(bar.getKey()), v));
            }
            double cx = x0 + per * barW / 2.0;
            sb.append(String.format(Locale.ROOT, "<text transform=\"translate(%.1f,%d) rotate(45)\">%s</text>%n", cx, top + height + 12, escape(bar.getKey())));
            g++;
        }
        Set<String> seen = new LinkedHashSet<>(names);
        int i = 0;
        for (String n : seen) {
            int y = top + 10 + i * 18;
            int x = width - 200;
            sb.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%d\" width=\"12\" height=\"12\" fill=\"%s\"/><text x=\"%d\" y=\"%d\">%s</text>%n",
                    x, y, COLORS[i % COLORS.length], x + 16, y + 10, escape(n)));
            i++;
        }
        return sb.append("</svg>\n").toString();
    }

    private static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
