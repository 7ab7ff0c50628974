package io.phi4j.train.run;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A self-contained SVG line chart (no scripts, no external resources): axes with rounded tick labels, any
 * number of series drawn as lines or dots, optional logarithmic axes, a legend. Used for the training report
 * and the plots in the docs.
 */
public final class SvgChart {
    /** One series: its points, colour, and whether it is drawn as a line or as dots. */
    public record Series(String name, String color, double[] x, double[] y, boolean dots, double width) {
    }

    private final String title;
    private final String xLabel;
    private final String yLabel;
    private final List<Series> series = new ArrayList<>();
    private boolean logX;
    private boolean logY;
    private int width = 640;
    private int height = 360;

    public SvgChart(String title, String xLabel, String yLabel) {
        this.title = title;
        this.xLabel = xLabel;
        this.yLabel = yLabel;
    }

    public SvgChart logX(boolean b) {
        logX = b;
        return this;
    }

    public SvgChart logY(boolean b) {
        logY = b;
        return this;
    }

    public SvgChart size(int w, int h) {
        width = w;
        height = h;
        return this;
    }

    public SvgChart line(String name, String color, double[] x, double[] y) {
        series.add(new Series(name, color, x, y, false, 2));
        return this;
    }

    public SvgChart thinLine(String name, String color, double[] x, double[] y) {
        series.add(new Series(name, color, x, y, false, 1));
        return this;
    }

    public SvgChart dots(String name, String color, double[] x, double[] y) {
        series.add(new Series(name, color, x, y, true, 3));
        return this;
    }

    private double tx(double v) {
        return logX ? Math.log10(v) : v;
    }

    private double ty(double v) {
        return logY ? Math.log10(v) : v;
    }

    private boolean usable(double x, double y) {
        return Double.isFinite(x) && Double.isFinite(y) && (!logX || x > 0) && (!logY || y > 0);
    }

    public String render() {
        double x0 = Double.POSITIVE_INFINITY, x1 = Double.NEGATIVE_INFINITY, y0 = x0, y1 = x1;
        for (Series s : series) {
            for (int i = 0; i < s.x().length; i++) {
                if (usable(s.x()[i], s.y()[i])) {
                    x0 = Math.min(x0, tx(s.x()[i]));
                    x1 = Math.max(x1, tx(s.x()[i]));
                    y0 = Math.min(y0, ty(s.y()[i]));
                    y1 = Math.max(y1, ty(s.y()[i]));
                }
            }
        }
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" "
                + "viewBox=\"0 0 %d %d\" font-family=\"sans-serif\" font-size=\"12\">\n", width, height, width, height));
        sb.append(String.format(Locale.ROOT, "<rect width=\"%d\" height=\"%d\" fill=\"white\"/>\n", width, height));
        sb.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"18\" text-anchor=\"middle\" font-size=\"14\" font-weight=\"bold\">%s</text>\n",
                width / 2, esc(title)));
        int left = 64, right = width - 16, top = 32, bottom = height - 48;
        if (x0 > x1) {
            sb.append("<text x=\"50%\" y=\"50%\" text-anchor=\"middle\">no data yet</text>\n</svg>\n");
            return sb.toString();
        }
        if (x1 - x0 < 1e-12) {
            x0 -= 0.5;
            x1 += 0.5;
        }
        if (y1 - y0 < 1e-12) {
            y0 -= 0.5;
            y1 += 0.5;
        }
        double pad = (y1 - y0) * 0.05;
        y0 -= pad;
        y1 += pad;
        final double fx0 = x0, fx1 = x1, fy0 = y0, fy1 = y1;
        java.util.function.DoubleUnaryOperator px = v -> left + (tx(v) - fx0) / (fx1 - fx0) * (right - left);
        java.util.function.DoubleUnaryOperator py = v -> bottom - (ty(v) - fy0) / (fy1 - fy0) * (bottom - top);
        // grid and ticks
        sb.append("<g stroke=\"#ddd\" stroke-width=\"1\">\n");
        StringBuilder labels = new StringBuilder();
        for (double t : ticks(x0, x1, logX)) {
            double p = left + (t - x0) / (x1 - x0) * (right - left);
            sb.append(String.format(Locale.ROOT, "<line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\"/>\n", p, top, p, bottom));
            labels.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\">%s</text>\n",
                    p, bottom + 16, fmt(logX ? Math.pow(10, t) : t)));
        }
        for (double t : ticks(y0, y1, logY)) {
            double p = bottom - (t - y0) / (y1 - y0) * (bottom - top);
            sb.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\"/>\n", left, p, right, p));
            labels.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%.1f\" text-anchor=\"end\">%s</text>\n",
                    left - 6, p + 4, fmt(logY ? Math.pow(10, t) : t)));
        }
        sb.append("</g>\n").append(labels);
        sb.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"none\" stroke=\"#333\"/>\n",
                left, top, right - left, bottom - top));
        sb.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" text-anchor=\"middle\">%s</text>\n",
                (left + right) / 2, height - 10, esc(xLabel + (logX ? " (log scale)" : ""))));
        sb.append(String.format(Locale.ROOT, "<text x=\"14\" y=\"%d\" text-anchor=\"middle\" transform=\"rotate(-90 14 %d)\">%s</text>\n",
                (top + bottom) / 2, (top + bottom) / 2, esc(yLabel + (logY ? " (log scale)" : ""))));
        for (Series s : series) {
            if (s.dots()) {
                for (int i = 0; i < s.x().length; i++) {
                    if (usable(s.x()[i], s.y()[i])) {
                        sb.append(String.format(Locale.ROOT, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"%.1f\" fill=\"%s\"/>\n",
                                px.applyAsDouble(s.x()[i]), py.applyAsDouble(s.y()[i]), s.width(), s.color()));
                    }
                }
            } else {
                StringBuilder pts = new StringBuilder();
                for (int i = 0; i < s.x().length; i++) {
                    if (usable(s.x()[i], s.y()[i])) {
                        pts.append(String.format(Locale.ROOT, "%.1f,%.1f ", px.applyAsDouble(s.x()[i]), py.applyAsDouble(s.y()[i])));
                    }
                }
                sb.append(String.format(Locale.ROOT, "<polyline fill=\"none\" stroke=\"%s\" stroke-width=\"%.1f\" points=\"%s\"/>\n",
                        s.color(), s.width(), pts.toString().trim()));
            }
        }
        int ly = top + 14;
        for (Series s : series) {
            if (s.name().isEmpty()) {
                continue;
            }
            sb.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%d\" width=\"12\" height=\"4\" fill=\"%s\"/>"
                    + "<text x=\"%d\" y=\"%d\">%s</text>\n", right - 190, ly - 5, s.color(), right - 172, ly, esc(s.name())));
            ly += 16;
        }
        sb.append("</svg>\n");
        return sb.toString();
    }

    /** "Nice" tick positions (1, 2, 5 × 10^k steps; on a log axis, the powers of ten). */
    static List<Double> ticks(double lo, double hi, boolean log) {
        List<Double> out = new ArrayList<>();
        if (log && hi - lo >= 1) {
            for (double t = Math.ceil(lo); t <= hi; t++) {
                out.add(t);
            }
            return out;
        }
        if (log) {
            // less than a decade: nice linear ticks, placed on the log axis
            for (double t : ticks(Math.pow(10, lo), Math.pow(10, hi), false)) {
                if (t > 0) {
                    out.add(Math.log10(t));
                }
            }
            return out;
        }
        double raw = (hi - lo) / 6;
        double mag = Math.pow(10, Math.floor(Math.log10(raw)));
        double step = raw / mag < 1.5 ? mag : raw / mag < 3.5 ? 2 * mag : raw / mag < 7.5 ? 5 * mag : 10 * mag;
        for (double t = Math.ceil(lo / step) * step; t <= hi + step * 1e-9; t += step) {
            out.add(Math.abs(t) < step * 1e-9 ? 0 : t);
        }
        return out;
    }

    static String fmt(double v) {
        double a = Math.abs(v);
        if (a != 0 && (a >= 1e5 || a < 1e-3)) {
            return String.format(Locale.ROOT, "%.1e", v).replace("e+0", "e").replace("e+", "e").replace("e-0", "e-");
        }
        String s = String.format(Locale.ROOT, "%.4f", v);
        s = s.replaceAll("0+$", "");
        return s.endsWith(".") ? s.substring(0, s.length() - 1) : s;
    }

    static String esc(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }
}
