package io.phi4j.cli;

import io.phi4j.convert.Progress;

/** A {@link Progress} that counts documents on a progress bar. */
final class DocumentProgress implements Progress {
    private final ProgressBars bars;

    DocumentProgress(ProgressBars bars) {
        this.bars = bars;
    }

    @Override
    public void start(String task, long total) {
        bars.start(task, total, " docs", 1);
    }

    @Override
    public void advance(long n) {
        bars.advance(n);
    }

    @Override
    public void finish() {
        bars.finish();
    }
}
