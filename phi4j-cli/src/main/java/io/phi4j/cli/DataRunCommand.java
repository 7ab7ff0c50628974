package io.phi4j.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.phi4j.data.curate.Pipeline;
import io.phi4j.data.curate.PipelineEngine;
import io.phi4j.data.curate.StepResult;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

@Command(name = "run", mixinStandardHelpOptions = true,
        description = {"Run a curation pipeline file: ingest, dedup, heuristics, score, filter and tokenize steps in order."
                + " Each step writes WORK_DIR/NN-step.jsonl and NN-step.json (options key and report); a rerun skips"
                + " finished steps and resumes an interrupted one from its last checkpoint."},
        footerHeading = "%nExamples:%n",
        footer = {"  phi data run pipeline.json",
                "  phi data run pipeline.json --engine spark --master local[2]"})
final class DataRunCommand implements Callable<Integer> {
    @Parameters(paramLabel = "PIPELINE", description = "Pipeline file (JSON), see docs/data-quality.md.")
    Path pipeline;
    @Option(names = "--engine", defaultValue = "local", description = "local (threads on this machine) or spark (default: ${DEFAULT-VALUE}).")
    String engine;
    @Option(names = "--master", paramLabel = "URL", description = "Spark master: local[2], spark://host:7077, yarn.")
    String master;
    @Option(names = "--threads", paramLabel = "N", description = "Worker threads of the local engine (default: the pipeline's \"threads\", else all cores).")
    Integer threads;
    @Mixin
    QuietOption quiet;

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        Pipeline p = Pipeline.load(pipeline);
        int t = CurateSupport.threads(threads != null ? threads : p.threads());
        long t0 = System.nanoTime();
        List<StepResult> results = PipelineEngine.create(engine, master, t, CurateSupport.documents(quiet.progress())).run(p);
        PrintWriter o = spec.commandLine().getOut();
        for (StepResult r : results) {
            o.printf(Locale.ROOT, "%2d %-10s %s  %s%n", r.index(), r.name(),
                    r.skipped() ? "done before" : String.format(Locale.ROOT, "%6.1f s", r.seconds()), summary(r.report()));
        }
        StepResult last = results.getLast();
        o.printf("output: %s (%s engine, %s)%n", p.output() != null && !last.name().equals("tokenize") ? p.output() : last.output(),
                engine, CurateSupport.seconds(t0));
        o.flush();
        return Main.EXIT_OK;
    }

    private static String summary(JsonNode r) {
        if (r == null) {
            return "";
        }
        if (r.has("train_tokens")) {
            return String.format(Locale.ROOT, "%,d train tokens, %,d val tokens", r.get("train_tokens").asLong(), r.get("val_tokens").asLong());
        }
        if (r.has("files")) {
            return String.format(Locale.ROOT, "%,d documents from %,d files", r.get("documents").asLong(), r.get("files").asLong());
        }
        String s = String.format(Locale.ROOT, "%,d → %,d documents", r.path("documents").asLong(), r.path("kept").asLong());
        if (r.has("exact_duplicates")) {
            s += String.format(Locale.ROOT, " (%,d exact, %,d near duplicates)", r.get("exact_duplicates").asLong(), r.get("near_duplicates").asLong());
        }
        return s;
    }
}
