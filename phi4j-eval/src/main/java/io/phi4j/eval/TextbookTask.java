package io.phi4j.eval;

import io.phi4j.Model;
import io.phi4j.PhiException;
import io.phi4j.data.Answers;
import io.phi4j.generate.GenerationOptions;
import io.phi4j.generate.GenerationResult;
import io.phi4j.generate.Generator;
import io.phi4j.model.Session;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * phi4j's own task {@code textbooks}: the held-out lessons of {@code phi data synth --heldout} (problems that no
 * training corpus of any seed contains). Each question-answer lesson's {@code prompt} is completed greedily until
 * the reply ends ({@link Answers#STOPS}) and scored exactly as the generator defines correctness
 * ({@link Answers#isCorrect}: the reply ends with the computed answer). Lessons without an answer (stories without
 * a question) are skipped. Reports {@code acc} over all scored lessons, {@code acc_FAMILY} per family, and
 * {@code acc_per_problem}: each distinct problem (a lesson's first key) counts once, with the mean of its lessons'
 * verdicts. A held-out set repeats small problem spaces many times (one multiplication was 14 of 238 mul-div
 * lessons), so {@code acc} moves by several points with one problem learned or not; this number does not.
 */
final class TextbookTask {
    static final String NAME = "textbooks";
    /**
     * Room for the longest worked solutions the generator writes (an ordering of five numbers scanned pick by pick,
     * a division by 2 counted up to 12): at 256 tokens, 25 of the 1,845 scored lessons of the seed-2 held-out set
     * were cut off before their answer whatever the model wrote. The context still bounds it ({@code budget}).
     */
    private static final int DEFAULT_MAX_TOKENS = 512;

    private final Model model;
    private final EvalOptions o;

    TextbookTask(Model model, EvalOptions o) {
        this.model = model;
        this.o = o;
    }

    /** {@code data} itself when it is a file, else heldout.jsonl, textbooks.jsonl or textbooks/heldout.jsonl in it. */
    static Path find(Path data) {
        if (Files.isRegularFile(data)) {
            return data;
        }
        for (String name : List.of("heldout.jsonl", "textbooks.jsonl", "textbooks/heldout.jsonl")) {
            Path p = data.resolve(name);
            if (Files.isRegularFile(p)) {
                return p;
            }
        }
        throw new PhiException("no data for textbooks under " + data + " (expected heldout.jsonl from 'phi data synth"
                + " --heldout', textbooks.jsonl or textbooks/heldout.jsonl)");
    }

    TaskResult run(McRunner.Progress progress) {
        Path file = find(o.data());
        List<Map<String, Object>> rows = new ArrayList<>();
        for (Map<String, Object> r : DataFiles.read(file)) {
            if (r.get("answer") != null && r.get("prompt") != null) {
                rows.add(r);
            }
        }
        if (rows.isEmpty()) {
            throw new PhiException(file + ": no lessons with a prompt and an answer");
        }
        if (o.limit() > 0 && o.limit() < rows.size()) {
            rows = rows.subList(0, o.limit());
        }
        int maxGen = o.maxGenTokens() > 0 ? o.maxGenTokens() : DEFAULT_MAX_TOKENS;
        Generator generator = new Generator(model.tokenizer());
        Session session = model.newSession(0);
        int ctx = session.capacity();
        GenerationOptions greedy = GenerationOptions.greedy(maxGen).withStop(Answers.STOPS).withStopAtEos(true);

        List<Double> all = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        Map<String, List<Double>> byFamily = new TreeMap<>();
        List<Map<String, Object>> records = new ArrayList<>();
        for (int i = 0; i < rows.size(); i++) {
            Map<String, Object> doc = rows.get(i);
            String family = Fields.str(doc, "family");
            String prompt = Fields.str(doc, "prompt");
            String answer = Fields.str(doc, "answer");
            int[] ids = model.tokenizer().encode(prompt, true);
            // Room to answer without dropping the prompt: what the context leaves, but at least a quarter of it
            // (a small model's context can be shorter than the default budget); the prompt's start goes first.
            int budget = Math.min(maxGen, Math.max(ctx - ids.length, ctx / 4));
            if (ids.length > ctx - budget) {
                ids = Arrays.copyOfRange(ids, ids.length - (ctx - budget), ids.length);
            }
            GenerationResult r = generator.generate(session, ids, greedy.withMaxTokens(budget), (id, t) -> true);
            boolean ok = Answers.isCorrect(r.text(), answer);
            double v = ok ? 1 : 0;
            all.add(v);
            problems.add(problem(doc));
            byFamily.computeIfAbsent(family, f -> new ArrayList<>()).add(v);
            Map<String, Object> rec = new LinkedHashMap<>();
            rec.put("doc_id", i);
            rec.put("id", doc.get("id"));
            rec.put("family", family);
            rec.put("format", doc.get("format"));
            rec.put("problem", problems.get(i));
            rec.put("prompt", prompt);
            rec.put("completion", Answers.cut(r.text()));
            rec.put("target", answer);
            rec.put("acc", v);
            records.add(rec);
            if (progress != null) {
                progress.update(i + 1, rows.size());
            }
        }
        Map<String, Double> metrics = new LinkedHashMap<>(), stderrs = new LinkedHashMap<>();
        metrics.put("acc", Stats.mean(all));
        stderrs.put("acc", Stats.meanStderr(all));
        for (var e : byFamily.entrySet()) {
            metrics.put("acc_" + e.getKey(), Stats.mean(e.getValue()));
            stderrs.put("acc_" + e.getKey(), Stats.meanStderr(e.getValue()));
        }
        List<Double> perProblem = perProblem(problems, all);
        metrics.put("acc_per_problem", Stats.mean(perProblem));
        stderrs.put("acc_per_problem", Stats.meanStderr(perProblem));
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("data", file.toString());
        config.put("max_gen_toks", maxGen);
        config.put("until", Answers.STOPS);
        Map<String, Integer> counts = new LinkedHashMap<>();
        byFamily.forEach((f, l) -> counts.put(f, l.size()));
        config.put("lessons_per_family", counts);
        config.put("distinct_problems", perProblem.size());
        return new TaskResult(NAME, rows.size(), metrics, stderrs, records, config);
    }

    /** The lesson's problem: its first key (the scored one), or its id when it has no keys. */
    private static String problem(Map<String, Object> doc) {
        return doc.get("keys") instanceof List<?> keys && !keys.isEmpty() ? String.valueOf(keys.getFirst())
                : String.valueOf(doc.get("id"));
    }

    /** One value per distinct problem, in first-seen order: the mean verdict of that problem's lessons. */
    static List<Double> perProblem(List<String> problems, List<Double> verdicts) {
        Map<String, double[]> sums = new LinkedHashMap<>();
        for (int i = 0; i < problems.size(); i++) {
            double[] s = sums.computeIfAbsent(problems.get(i), k -> new double[2]);
            s[0] += verdicts.get(i);
            s[1]++;
        }
        return sums.values().stream().map(s -> s[0] / s[1]).toList();
    }
}
