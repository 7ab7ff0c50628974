package io.phi4j.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.phi4j.PhiException;
import io.phi4j.convert.Progress;
import io.phi4j.data.curate.Docs;
import io.phi4j.format.safetensors.AtomicFile;

import java.nio.file.Files;
import java.nio.file.Path;

/** Pieces shared by the curation commands ({@code phi data ingest/dedup/heuristics/filter/run}). */
final class CurateSupport {
    private CurateSupport() {
    }

    /** Progress counting documents (not millions of values) on the given bars. */
    static Progress documents(ProgressBars bars) {
        return new Progress() {
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
        };
    }

    static int threads(Integer threads) {
        int t = threads == null ? Runtime.getRuntime().availableProcessors() : threads;
        if (t < 1 || t > 512) {
            throw new PhiException("--threads must be in 1..512, got " + t);
        }
        return t;
    }

    static Path existingFile(Path p) {
        if (!Files.isRegularFile(p)) {
            throw new PhiException(p + ": file not found");
        }
        return p;
    }

    static void writeReport(Path report, JsonNode json) {
        if (report != null) {
            AtomicFile.writeString(report, Docs.pretty(json));
        }
    }

    static String seconds(long t0) {
        return String.format(java.util.Locale.ROOT, "%.1f s", (System.nanoTime() - t0) / 1e9);
    }

    /** printf to the command's standard output, flushed: the summary line every curation command ends with. */
    static void print(picocli.CommandLine.Model.CommandSpec spec, String format, Object... args) {
        spec.commandLine().getOut().printf(format, args);
        spec.commandLine().getOut().flush();
    }
}
