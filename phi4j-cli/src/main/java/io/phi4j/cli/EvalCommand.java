package io.phi4j.cli;

import io.phi4j.Model;
import io.phi4j.PhiException;
import io.phi4j.eval.EvalOptions;
import io.phi4j.eval.Evaluator;
import io.phi4j.eval.LoglikelihoodEngine;
import io.phi4j.eval.McRunner;
import io.phi4j.eval.ResultsFile;
import io.phi4j.eval.TaskResult;
import me.tongfei.progressbar.DelegatingProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

@Command(name = "eval", mixinStandardHelpOptions = true,
        description = {"Benchmarks scored as lm-evaluation-harness scores them (or llama.cpp, --scoring llamacpp).",
                "Tasks: " + "hellaswag, piqa, arc_easy, arc_challenge, winogrande, boolq, openbookqa, siqa, copa, lambada,",
                "mmlu, gsm8k, humaneval, mbpp. Data is read from --data (no download): Hugging Face dataset rows as",
                "JSONL (DIR/<task>/<split>.jsonl or DIR/<task>.jsonl), llm-foundry gauntlet JSONL (DIR/mc/<task>.jsonl),",
                "llama.cpp's hellaswag_val_full.txt[.bz2]."},
        subcommands = {EvalCompareCommand.class},
        footerHeading = "%nExamples:%n",
        footer = {"  phi eval -m phi-2.gguf --tasks piqa,arc_easy --data ../shared/data/eval --limit 200 --output r.json",
                "  phi eval -m phi-2.gguf --tasks hellaswag --data ../shared/data/eval --scoring llamacpp --limit 400",
                "  phi eval compare a.json b.json --out chart.svg"})
final class EvalCommand implements Callable<Integer> {
    @Mixin ModelOption model;

    @Option(names = "--tasks", split = ",", paramLabel = "T1,T2", description = "Tasks to run.")
    List<String> tasks;

    @Option(names = "--data", paramLabel = "DIR", description = "Directory (or file, for one task) with the task data.")
    Path data;

    @Option(names = "--limit", paramLabel = "N", description = "Score only the first N documents of each task (llama.cpp HellaSwag: N drawn as --hellaswag-tasks N draws them).")
    int limit;

    @Option(names = "--num-fewshot", paramLabel = "K", description = "Few-shot examples (default: the task's: mmlu 5, gsm8k 8, mbpp 3, others 0).")
    Integer numFewshot;

    @Option(names = "--seed", paramLabel = "S", defaultValue = "1234", description = "Seed of the few-shot sampler and of code sampling (default: ${DEFAULT-VALUE}, as the harness).")
    long seed;

    @Option(names = "--scoring", paramLabel = "MODE", defaultValue = "harness", description = "harness (default) or llamacpp (llama-perplexity's --hellaswag/--winogrande/--multiple-choice normalisation).")
    String scoring;

    @Option(names = "--batch", paramLabel = "N", description = "Items evaluated together (default: " + LoglikelihoodEngine.DEFAULT_GROUPS + ").")
    int batch = LoglikelihoodEngine.DEFAULT_GROUPS;

    @Option(names = "--allow-code-execution", description = "Run the code the model writes (humaneval, mbpp) in a sandbox.")
    boolean allowCode;

    @Option(names = "--samples", paramLabel = "N", defaultValue = "1", description = "Samples per coding problem (pass@k; N > 1 samples at --temperature).")
    int samples;

    @Option(names = "--temperature", paramLabel = "T", defaultValue = "0.2", description = "Sampling temperature for --samples > 1 (default: ${DEFAULT-VALUE}).")
    double temperature;

    @Option(names = "--max-gen-tokens", paramLabel = "N", description = "Most tokens generated per answer (default: humaneval 1024, textbooks 512, others 256).")
    int maxGenTokens;

    @Option(names = "--code-timeout", paramLabel = "SECONDS", defaultValue = "3", description = "Time limit per program (default: ${DEFAULT-VALUE}, as code_eval).")
    double codeTimeout;

    @Option(names = {"-o", "--output"}, paramLabel = "FILE", description = "Write results.json (metrics, stderrs, per-sample records).")
    Path output;

    @Option(names = "--no-progress", description = "No progress bar.")
    boolean noProgress;

    @Spec picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        if (tasks == null || tasks.isEmpty()) {
            throw new PhiException("no tasks: use --tasks T1,T2 (" + String.join(", ", Evaluator.TASKS) + ")");
        }
        for (String t : tasks) {
            if (!Evaluator.TASKS.contains(t) && io.phi4j.eval.HarnessTasks.get(t) == null) {
                throw new PhiException("unknown task " + t + " (known: " + String.join(", ", Evaluator.TASKS) + ")");
            }
        }
        if (data == null) {
            throw new PhiException("no data: use --data DIR (the tasks' dataset files; nothing is downloaded)");
        }
        if (!Files.exists(data)) {
            throw new PhiException("data not found: " + data);
        }
        McRunner.Scoring mode = switch (scoring) {
            case "harness" -> McRunner.Scoring.HARNESS;
            case "llamacpp" -> McRunner.Scoring.LLAMACPP;
            default -> throw new PhiException("--scoring must be harness or llamacpp, got " + scoring);
        };
        if (limit < 0 || batch < 1 || samples < 1 || (numFewshot != null && numFewshot < 0)) {
            throw new PhiException("--limit, --num-fewshot must be >= 0; --batch and --samples >= 1");
        }
        EvalOptions o = new EvalOptions(data, limit, numFewshot, seed, mode, batch, allowCode, samples, temperature,
                maxGenTokens, codeTimeout);
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        List<TaskResult> results = new ArrayList<>();
        try (Model m = model.load()) {
            Evaluator ev = new Evaluator(m);
            for (String t : tasks) {
                long t0 = System.nanoTime();
                TaskResult r;
                if (noProgress) {
                    r = ev.run(t, o, null);
                } else {
                    try (ProgressBar bar = new ProgressBarBuilder().setTaskName(t).setInitialMax(-1)
                            .setStyle(ProgressBarStyle.ASCII).setUpdateIntervalMillis(500).showSpeed()
                            .setConsumer(new DelegatingProgressBarConsumer(line -> { err.print("\r" + line); err.flush(); }, 100))
                            .build()) {
                        r = ev.run(t, o, (done, total) -> { bar.maxHint(total); bar.stepTo(done); });
                    }
                    err.println();
                }
                double secs = (System.nanoTime() - t0) / 1e9;
                r.config().put("seconds", secs);
                r.config().put("items_per_second", r.samples() / secs);
                results.add(r);
            }
            if (output != null) {
                Map<String, Object> run = new LinkedHashMap<>();
                run.put("model", model.path().toString());
                run.put("tasks", tasks);
                run.put("limit", limit);
                run.put("num_fewshot", numFewshot);
                run.put("seed", seed);
                run.put("scoring", scoring);
                ResultsFile.write(output, ResultsFile.toJson(results, run));
            }
        }
        out.print(ResultsFile.markdown(results));
        out.flush();
        return Main.EXIT_OK;
    }
}
