package io.phi4j.eval;

import io.phi4j.Model;
import io.phi4j.PhiException;
import io.phi4j.eval.code.CodeSandbox;
import io.phi4j.eval.code.PassAtK;
import io.phi4j.generate.GenerationOptions;
import io.phi4j.generate.GenerationResult;
import io.phi4j.generate.Generator;
import io.phi4j.model.Session;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The generation tasks, as their harness YAMLs define them:
 * <ul>
 *   <li>gsm8k (lm_eval/tasks/gsm8k/gsm8k-cot.yaml): 8 fixed chain-of-thought examples, "Q: …\nA:", greedy
 *   until "Q:", {@link Gsm8kAnswer} extraction, exact_match under both filters;</li>
 *   <li>humaneval (humaneval/humaneval.yaml): the prompt, greedy until "\nclass", "\ndef", "\n#", "\nif",
 *   "\nprint" (1024 tokens), program = prompt + completion + "\n" + test + "\ncheck(entry_point)";</li>
 *   <li>mbpp (mbpp/mbpp.yaml): 3-shot with task_ids 2, 3, 4, "[BEGIN]"/"[DONE]" format, test split task_ids
 *   11–510, program = completion + "\n" + the three asserts.</li>
 * </ul>
 * With {@code samplesPerProblem > 1} each problem is sampled that many times (temperature, top-p 0.95) and
 * pass@k is the unbiased estimator. The harness refuses to run model-written code unless told it may
 * ({@code --confirm_run_unsafe_code}); so does this ({@code --allow-code-execution}).
 */
final class GenerationTasks {
    private static final List<String> HUMANEVAL_STOP = List.of("\nclass", "\ndef", "\n#", "\nif", "\nprint");

    private final Model model;
    private final EvalOptions o;

    GenerationTasks(Model model, EvalOptions o) {
        this.model = model;
        this.o = o;
    }

    TaskResult run(String task, McRunner.Progress progress) {
        boolean code = !task.equals("gsm8k");
        if (code && !o.allowCodeExecution()) {
            throw new PhiException(task + " runs the code the model writes; add --allow-code-execution to allow it"
                    + " (it runs in a sandbox: no network, time and memory limits)");
        }
        Path file = DataFiles.find(o.data(), task, "test")
                .orElseThrow(() -> new PhiException("no data for " + task + " under " + o.data()));
        List<Map<String, Object>> rows = DataFiles.read(file);
        List<Map<String, Object>> shots = List.of();
        if (task.equals("mbpp")) {
            shots = rows.stream().filter(r -> List.of(2, 3, 4).contains(Fields.integer(r, "task_id"))).toList();
            rows = rows.stream().filter(r -> {
                int id = Fields.integer(r, "task_id");
                return id >= 11 && id <= 510;
            }).toList();
            if (rows.isEmpty()) {
                rows = DataFiles.read(file); // a file holding only test rows
            }
        }
        if (o.limit() > 0 && o.limit() < rows.size()) {
            rows = rows.subList(0, o.limit());
        }
        int k = task.equals("gsm8k") ? (o.numFewshot() != null ? o.numFewshot() : 8) : task.equals("mbpp")
                ? (o.numFewshot() != null ? o.numFewshot() : 3) : 0;
        if (task.equals("gsm8k") && k > Gsm8kPrompts.EXAMPLES.size()) {
            throw new PhiException("gsm8k has " + Gsm8kPrompts.EXAMPLES.size() + " chain-of-thought examples, asked for " + k);
        }
        if (task.equals("mbpp") && k > shots.size()) {
            throw new PhiException("mbpp " + k + "-shot needs the rows with task_id 2, 3, 4 in " + file);
        }
        int maxGen = o.maxGenTokens() > 0 ? o.maxGenTokens() : task.equals("humaneval") ? 1024 : 256;
        List<String> stop = switch (task) {
            case "gsm8k" -> List.of("Q:", "</s>", "<|im_end|>");
            case "humaneval" -> HUMANEVAL_STOP;
            default -> List.of("[DONE]");
        };
        int n = code ? Math.max(1, o.samplesPerProblem()) : 1;
        CodeSandbox sandbox = code ? CodeSandbox.defaults(o.codeTimeoutSeconds()) : null;
        Generator generator = new Generator(model.tokenizer());
        Session session = model.newSession(0);
        int ctx = session.capacity();

        List<Double> strict = new ArrayList<>(), flexible = new ArrayList<>(), pass1 = new ArrayList<>();
        Map<Integer, List<Double>> passK = new LinkedHashMap<>();
        List<Map<String, Object>> records = new ArrayList<>();
        for (int i = 0; i < rows.size(); i++) {
            Map<String, Object> doc = rows.get(i);
            String prompt = switch (task) {
                case "gsm8k" -> Gsm8kPrompts.prompt(Fields.str(doc, "question"), k);
                case "humaneval" -> Fields.str(doc, "prompt");
                default -> MbppPrompts.prompt(doc, shots.subList(0, k));
            };
            int[] ids = model.tokenizer().encode(prompt, true);
            if (ids.length > ctx - maxGen) {
                ids = Arrays.copyOfRange(ids, ids.length - (ctx - maxGen), ids.length); // the harness truncates left
            }
            List<String> completions = new ArrayList<>();
            for (int s = 0; s < n; s++) {
                GenerationOptions g = n == 1 ? GenerationOptions.greedy(maxGen) :
                        GenerationOptions.defaults().withMaxTokens(maxGen).withTemperature(o.temperature()).withTopP(0.95)
                                .withTopK(0).withMinP(0).withRepeatPenalty(1.0, -1).withSeed(o.seed() * 1_000_003L + i * 1_009L + s);
                GenerationResult r = generator.generate(session, ids, g.withStop(stop).withStopAtEos(true), (id, t) -> true);
                completions.add(r.text());
            }
            Map<String, Object> rec = new LinkedHashMap<>();
            rec.put("doc_id", i);
            rec.put("doc", doc);
            rec.put("prompt", prompt);
            if (!code) {
                String gold = Gsm8kAnswer.target(Fields.str(doc, "answer"));
                String c = completions.getFirst();
                String sp = Gsm8kAnswer.strict(c), fp = Gsm8kAnswer.flexible(c);
                double se = Gsm8kAnswer.exactMatch(sp, gold) ? 1 : 0, fe = Gsm8kAnswer.exactMatch(fp, gold) ? 1 : 0;
                strict.add(se);
                flexible.add(fe);
                rec.put("completion", c);
                rec.put("target", gold);
                rec.put("filtered_resps", Map.of("strict-match", sp, "flexible-extract", fp));
                rec.put("exact_match,strict-match", se);
                rec.put("exact_match,flexible-extract", fe);
            } else {
                String tests = task.equals("humaneval")
                        ? Fields.str(doc, "test") + "\ncheck(" + Fields.str(doc, "entry_point") + ")"
                        : String.join("\n", Fields.strings(doc, "test_list"));
                List<Map<String, Object>> verdicts = new ArrayList<>();
                int passed = 0;
                for (String c : completions) {
                    String program = (task.equals("humaneval") ? Fields.str(doc, "prompt") + c : c) + "\n" + tests;
                    CodeSandbox.Verdict v = sandbox.run(program);
                    passed += v.passed() ? 1 : 0;
                    Map<String, Object> vr = new LinkedHashMap<>();
                    vr.put("completion", c);
                    vr.put("verdict", v.status().name().toLowerCase(java.util.Locale.ROOT));
                    vr.put("output", v.output());
                    verdicts.add(vr);
                }
                rec.put("target", tests);
                rec.put("samples", verdicts);
                rec.put("passed", passed);
                double p1 = PassAtK.estimate(n, passed, 1);
                pass1.add(p1);
                rec.put("pass@1", p1);
                for (int kk : new int[] {10, 100}) {
                    if (kk <= n) {
                        double v = PassAtK.estimate(n, passed, kk);
                        passK.computeIfAbsent(kk, x -> new ArrayList<>()).add(v);
                        rec.put("pass@" + kk, v);
                    }
                }
            }
            records.add(rec);
            if (progress != null) {
                progress.update(i + 1, rows.size());
            }
        }
        Map<String, Double> metrics = new LinkedHashMap<>(), stderrs = new LinkedHashMap<>();
        if (!code) {
            metrics.put("exact_match,strict-match", Stats.mean(strict));
            stderrs.put("exact_match,strict-match", Stats.meanStderr(strict));
            metrics.put("exact_match,flexible-extract", Stats.mean(flexible));
            stderrs.put("exact_match,flexible-extract", Stats.meanStderr(flexible));
        } else {
            metrics.put("pass@1", Stats.mean(pass1));
            stderrs.put("pass@1", Stats.meanStderr(pass1));
            for (var e : passK.entrySet()) {
                metrics.put("pass@" + e.getKey(), Stats.mean(e.getValue()));
                stderrs.put("pass@" + e.getKey(), Stats.meanStderr(e.getValue()));
            }
        }
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("num_fewshot", k);
        config.put("data", file.toString());
        config.put("max_gen_toks", maxGen);
        config.put("until", stop);
        if (code) {
            config.put("samples_per_problem", n);
            config.put("sandbox_isolated", sandbox.isolated());
        }
        return new TaskResult(task, rows.size(), metrics, stderrs, records, config);
    }
}
