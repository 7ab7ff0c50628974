package io.phi4j.eval;

import io.phi4j.PhiException;
import io.phi4j.model.PhiModel;
import io.phi4j.tokenizer.Tokenizer;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Runs a {@link McTask}: builds every document's requests, scores them with the {@link LoglikelihoodEngine},
 * and computes the metrics the harness computes ({@code process_results} in lm_eval/api/task.py): {@code acc}
 * = argmax of the summed log-likelihoods is gold; {@code acc_norm} = argmax of log-likelihood divided by the
 * choice's length in characters; LAMBADA {@code perplexity} = exp(−mean ll) and {@code acc} = greedy.
 * With {@link Scoring#LLAMACPP} the same items are scored as llama.cpp's perplexity tool does
 * ({@link LlamaCppScoring}).
 */
public final class McRunner {
    public enum Scoring { HARNESS, LLAMACPP }

    /** Progress in documents. */
    @FunctionalInterface
    public interface Progress {
        void update(int done, int total);
    }

    private final Tokenizer tokenizer;
    private final LoglikelihoodEngine engine;
    private final HarnessEncoder encoder;

    public McRunner(PhiModel model, Tokenizer tokenizer, int maxLength, int groupsPerBatch) {
        this.tokenizer = tokenizer;
        this.engine = new LoglikelihoodEngine(model, groupsPerBatch, LoglikelihoodEngine.DEFAULT_MAX_ROWS);
        this.encoder = new HarnessEncoder(tokenizer, maxLength);
    }

    public TaskResult run(McTask task, List<Map<String, Object>> docs, FewshotSampler sampler, Scoring scoring, Progress progress) {
        if (scoring == Scoring.LLAMACPP) {
            return new LlamaCppScoring(tokenizer, engine).run(task, docs, sampler, progress);
        }
        List<List<String[]>> args = new ArrayList<>(docs.size());
        List<List<TokenRequest>> groups = new ArrayList<>(docs.size());
        for (Map<String, Object> doc : docs) {
            List<String[]> a = task.arguments(doc, sampler.shotsFor(doc));
            args.add(a);
            List<TokenRequest> reqs = new ArrayList<>(a.size());
            for (String[] pair : a) {
                reqs.add(encoder.encode(pair[0], pair[1]));
            }
            groups.add(reqs);
        }
        List<List<TokenScore>> scores = engine.score(groups, progress == null ? null : done -> progress.update(done, docs.size()));

        Map<String, List<Double>> perDoc = new LinkedHashMap<>();
        for (String m : task.metrics()) {
            perDoc.put(m, new ArrayList<>());
        }
        List<Map<String, Object>> records = new ArrayList<>(docs.size());
        for (int i = 0; i < docs.size(); i++) {
            Map<String, Object> doc = docs.get(i);
            List<TokenScore> s = scores.get(i);
            Map<String, Object> rec = new LinkedHashMap<>();
            rec.put("doc_id", i);
            rec.put("doc", doc);
            rec.put("arguments", args.get(i));
            double[] lls = new double[s.size()];
            List<Boolean> greedy = new ArrayList<>();
            for (int c = 0; c < s.size(); c++) {
                lls[c] = s.get(c).sum();
                greedy.add(s.get(c).greedy());
            }
            rec.put("loglikelihoods", lls);
            rec.put("is_greedy", greedy);
            if (task.output() == McTask.Output.LOGLIKELIHOOD) {
                rec.put("target", args.get(i).getFirst()[1]);
                perDoc.get("perplexity").add(lls[0]);
                perDoc.get("acc").add(greedy.getFirst() ? 1.0 : 0.0);
                rec.put("perplexity", lls[0]);
                rec.put("acc", greedy.getFirst() ? 1.0 : 0.0);
            } else {
                List<String> choices = task.choices(doc);
                int gold = task.gold(doc);
                double[] norm = new double[lls.length];
                for (int c = 0; c < lls.length; c++) {
                    norm[c] = lls[c] / choices.get(c).codePointCount(0, choices.get(c).length());
                }
                int pred = Stats.argmax(lls), predNorm = Stats.argmax(norm);
                rec.put("target", gold);
                rec.put("gold", gold);
                rec.put("pred", pred);
                rec.put("pred_norm", predNorm);
                for (String m : task.metrics()) {
                    double v = switch (m) {
                        case "acc" -> pred == gold ? 1 : 0;
                        case "acc_norm" -> predNorm == gold ? 1 : 0;
                        default -> throw new PhiException("unknown metric " + m);
                    };
                    perDoc.get(m).add(v);
                    rec.put(m, v);
                }
            }
            records.add(rec);
        }
        Map<String, Double> metrics = new LinkedHashMap<>(), stderrs = new LinkedHashMap<>();
        for (var e : perDoc.entrySet()) {
            if (e.getKey().equals("perplexity")) {
                metrics.put("perplexity", Stats.perplexity(e.getValue()));
                stderrs.put("perplexity", Stats.perplexityStderr(e.getValue()));
            } else {
                metrics.put(e.getKey(), Stats.mean(e.getValue()));
                stderrs.put(e.getKey(), Stats.meanStderr(e.getValue()));
            }
        }
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("scoring", "harness");
        config.put("split", task.split());
        return new TaskResult(task.name(), docs.size(), metrics, stderrs, records, config);
    }
}
