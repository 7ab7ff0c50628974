package io.phi4j.eval;

import io.phi4j.Model;
import io.phi4j.PhiException;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Runs one task of the suite on a loaded model. */
public final class Evaluator {
    /** Every task {@code phi eval} knows, in the order the README lists them. */
    public static final List<String> TASKS = List.of("hellaswag", "piqa", "arc_easy", "arc_challenge", "winogrande",
            "boolq", "openbookqa", "siqa", "copa", "lambada", "mmlu", "gsm8k", "humaneval", "mbpp", TextbookTask.NAME);

    private final Model model;

    public Evaluator(Model model) {
        this.model = model;
    }

    public TaskResult run(String taskName, EvalOptions o, McRunner.Progress progress) {
        switch (taskName) {
            case "gsm8k", "humaneval", "mbpp" -> {
                return new GenerationTasks(model, o).run(taskName, progress);
            }
            case TextbookTask.NAME -> {
                return new TextbookTask(model, o).run(progress);
            }
            default -> { }
        }
        McTask task = HarnessTasks.get(taskName);
        if (task == null) {
            throw new PhiException("unknown task " + taskName + " (known: " + String.join(", ", TASKS) + ")");
        }
        Path file = DataFiles.find(o.data(), task.name(), task.split())
                .orElseThrow(() -> new PhiException("no data for " + task.name() + " under " + o.data() + " (expected "
                        + task.name() + "/" + task.split() + ".jsonl, " + task.name() + ".jsonl or mc/" + task.name() + ".jsonl)"));
        List<Map<String, Object>> docs = DataFiles.read(file);
        if (docs.isEmpty()) {
            throw new PhiException(file + ": no rows");
        }
        if (o.scoring() == McRunner.Scoring.LLAMACPP && file.toString().endsWith(".csv") && docs.size() > 1) {
            // llama-perplexity reads the CSV with getline and stops when a read reaches the end of the input:
            // the last line (the file's trailing newline having been trimmed) is never scored.
            docs = new ArrayList<>(docs.subList(0, docs.size() - 1));
        }
        if (o.scoring() == McRunner.Scoring.LLAMACPP && task.name().equals("hellaswag")) {
            docs = LlamaCppScoring.hellaswagOrder(docs, o.limit());
        } else if (o.limit() > 0 && o.limit() < docs.size()) {
            docs = new ArrayList<>(docs.subList(0, o.limit()));
        }
        int k = o.numFewshot() != null ? o.numFewshot() : task.name().equals("mmlu") ? 5 : 0;
        List<Map<String, Object>> pool = null;
        boolean sameSplit = false;
        if (k > 0) {
            Path shots = DataFiles.find(o.data(), task.name(), task.fewshotSplit()).filter(p -> !p.equals(file)).orElse(null);
            if (shots != null) {
                pool = DataFiles.read(shots);
            } else {
                pool = DataFiles.read(file);
                sameSplit = true;
            }
        }
        FewshotSampler sampler = new FewshotSampler(task, pool, sameSplit, k, o.seed());
        McRunner runner = new McRunner(model.model(), model.tokenizer(), model.config().contextLength(), o.batch());
        TaskResult r = runner.run(task, docs, sampler, o.scoring(), progress);
        r.config().put("num_fewshot", k);
        r.config().put("data", file.toString());
        return r;
    }
}
