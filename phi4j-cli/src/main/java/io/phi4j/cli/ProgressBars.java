package io.phi4j.cli;

import io.phi4j.convert.Progress;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * Progress bars with rate and ETA on standard error (me.tongfei:progressbar), counting millions of values
 * (parameters) processed. Disabled, it draws nothing: used when standard error is not a terminal or with --quiet.
 */
final class ProgressBars implements Progress {
    private final boolean enabled;
    private final boolean colour;
    private ProgressBar bar;

    ProgressBars(boolean enabled, boolean colour) {
        this.enabled = enabled;
        this.colour = colour;
    }

    boolean enabled() {
        return enabled;
    }

    @Override
    public synchronized void start(String task, long totalElements) {
        start(task, totalElements, "M", 1_000_000);
    }

    /** A bar counting in {@code unit}s of {@code unitSize}. */
    synchronized void start(String task, long total, String unit, long unitSize) {
        if (!enabled) {
            return;
        }
        finish();
        PrintStream err = new PrintStream(new java.io.FileOutputStream(java.io.FileDescriptor.err), true, StandardCharsets.UTF_8);
        bar = new ProgressBarBuilder()
                .setTaskName(task)
                .setInitialMax(total)
                .setUnit(unit, unitSize)
                .setStyle(colour ? ProgressBarStyle.COLORFUL_UNICODE_BLOCK : ProgressBarStyle.UNICODE_BLOCK)
                .setUpdateIntervalMillis(200)
                .setSpeedUnit(java.time.temporal.ChronoUnit.SECONDS)
                .showSpeed()
                .setConsumer(new ConsoleProgressBarConsumer(err))
                .build();
    }

    @Override
    public void advance(long elements) {
        ProgressBar b = bar;
        if (b != null) {
            b.stepBy(elements);
        }
    }

    @Override
    public synchronized void finish() {
        if (bar != null) {
            bar.close();
            bar = null;
        }
    }

    /** Elapsed time since {@code startNanos}, as "12.3 s". */
    static String seconds(long startNanos) {
        return String.format("%.1f s", Duration.ofNanos(System.nanoTime() - startNanos).toMillis() / 1000.0);
    }
}
