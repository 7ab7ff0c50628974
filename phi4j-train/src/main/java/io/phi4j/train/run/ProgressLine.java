package io.phi4j.train.run;

import java.io.PrintWriter;
import java.util.Locale;

/**
 * The training progress bar: one line, redrawn in place on a terminal
 * ({@code step 120/1000 [####------] 12% | loss 3.412 | val 3.501 | 1,234 tok/s | MFU 31.2% | 2m05s<15m30s});
 * when the output is not a terminal, a plain line every few seconds instead.
 */
public final class ProgressLine {
    private final PrintWriter out;
    private final boolean terminal;
    private long lastPrint;
    private int lastLength;

    public ProgressLine(PrintWriter out, boolean terminal) {
        this.out = out;
        this.terminal = terminal;
    }

    public void update(long step, long total, double loss, double val, double tokPerS, double mfu, double elapsed,
                       double eta, boolean force) {
        long now = System.nanoTime();
        if (!force && !terminal && now - lastPrint < 5_000_000_000L && step != total) {
            return;
        }
        if (!force && terminal && now - lastPrint < 100_000_000L && step != total) {
            return;
        }
        lastPrint = now;
        int width = 20;
        int filled = (int) Math.round(width * (double) step / Math.max(1, total));
        String bar = "#".repeat(Math.min(width, filled)) + "-".repeat(Math.max(0, width - filled));
        String line = String.format(Locale.ROOT, "step %d/%d [%s] %3d%% | loss %.4f%s | %,.0f tok/s | MFU %.1f%% | %s<%s",
                step, total, bar, (int) (100 * step / Math.max(1, total)), loss,
                Double.isNaN(val) ? "" : String.format(Locale.ROOT, " | val %.4f", val), tokPerS, 100 * mfu,
                duration(elapsed), duration(eta));
        if (terminal) {
            out.print("\r" + line + " ".repeat(Math.max(0, lastLength - line.length())));
            lastLength = line.length();
        } else {
            out.println(line);
        }
        out.flush();
    }

    /** Prints a message on its own line (keeping the bar intact on a terminal). */
    public void message(String text) {
        if (terminal && lastLength > 0) {
            out.print("\r" + " ".repeat(lastLength) + "\r");
            lastLength = 0;
        }
        out.println(text);
        out.flush();
    }

    public void finish() {
        if (terminal && lastLength > 0) {
            out.println();
            lastLength = 0;
        }
        out.flush();
    }

    static String duration(double seconds) {
        if (!Double.isFinite(seconds) || seconds < 0) {
            return "?";
        }
        long s = Math.round(seconds);
        if (s < 60) {
            return s + "s";
        }
        if (s < 3600) {
            return String.format(Locale.ROOT, "%dm%02ds", s / 60, s % 60);
        }
        return String.format(Locale.ROOT, "%dh%02dm", s / 3600, (s % 3600) / 60);
    }
}
