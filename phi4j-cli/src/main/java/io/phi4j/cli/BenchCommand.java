package io.phi4j.cli;

import io.phi4j.Model;
import io.phi4j.bench.InferenceBench;
import io.phi4j.kernel.WorkerPool;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;

@Command(name = "bench", mixinStandardHelpOptions = true,
        description = {"Measure prompt-processing and decode speed as llama-bench does:",
                "pp = P random tokens in one batch, tg = N random tokens one at a time, each from an empty cache."},
        footerHeading = "%nExamples:%n",
        footer = {"  phi bench -m phi-2.Q4_0.gguf", "  phi bench -m phi-2.Q8_0.gguf -p 128 -n 32 -t 2 -r 5 --json"})
final class BenchCommand implements Callable<Integer> {
    @Mixin ModelOption model;

    @Option(names = {"-p", "--n-prompt"}, paramLabel = "P", description = "Prompt tokens (default: ${DEFAULT-VALUE}; 0 skips pp).")
    int prompt = 128;

    @Option(names = {"-n", "--n-gen"}, paramLabel = "N", description = "Generated tokens (default: ${DEFAULT-VALUE}; 0 skips tg).")
    int gen = 32;

    @Option(names = {"-t", "--threads"}, paramLabel = "T", description = "Threads (default: all cores).")
    int threads;

    @Option(names = {"-r", "--repetitions"}, paramLabel = "R", description = "Timed repetitions after one warm-up (default: ${DEFAULT-VALUE}).")
    int reps = 5;

    @Option(names = "--json", description = "Print JSON.")
    boolean json;

    @Spec picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        if (prompt < 0 || gen < 0 || reps < 1) {
            throw new io.phi4j.PhiException("-p and -n must be >= 0 and -r >= 1");
        }
        if (threads > 0) {
            WorkerPool.setSharedThreads(threads);
        }
        PrintWriter out = spec.commandLine().getOut();
        long t0 = System.nanoTime();
        try (Model m = model.load()) {
            double loadMs = (System.nanoTime() - t0) / 1e6;
            Map<String, Object> result = new LinkedHashMap<>();
            result.put("model", m.info().path().toString());
            result.put("format", m.info().format());
            result.put("types", m.info().tensorTypes());
            result.put("file_bytes", m.info().fileBytes());
            result.put("parameters", m.config().parameterCount());
            result.put("threads", WorkerPool.shared().threads());
            result.put("load_ms", loadMs);
            if (prompt > 0) {
                InferenceBench.Stat pp = InferenceBench.promptProcessing(m.model(), prompt, reps, 1);
                result.put("pp" + prompt, Map.of("tokens_per_second", pp.mean(), "stddev", pp.stddev()));
                if (!json) {
                    out.printf("pp%-5d %10.2f ± %.2f tok/s%n", prompt, pp.mean(), pp.stddev());
                    out.flush();
                }
            }
            if (gen > 0) {
                // Each test starts clean, as llama-bench frees its context between tests: the prompt test's
                // session (its KV cache: 84 MB for Phi-2 at 128 positions) is garbage now, and collecting it lets
                // the decode test reuse that memory instead of adding its own to the peak RSS.
                System.gc();
                InferenceBench.Stat tg = InferenceBench.textGeneration(m.model(), gen, reps, 2);
                result.put("tg" + gen, Map.of("tokens_per_second", tg.mean(), "stddev", tg.stddev()));
                if (!json) {
                    out.printf("tg%-5d %10.2f ± %.2f tok/s%n", gen, tg.mean(), tg.stddev());
                }
            }
            long rss = InferenceBench.peakRssBytes();
            result.put("peak_rss_bytes", rss);
            if (json) {
                out.println(Json.write(result));
            } else {
                out.printf("load %.0f ms, peak RSS %.2f GiB, %d threads, %s %s%n", loadMs, rss / (double) (1L << 30),
                        WorkerPool.shared().threads(), m.info().format(), m.info().tensorTypes());
            }
            out.flush();
        }
        return Main.EXIT_OK;
    }
}
