package io.phi4j.eval;

import io.phi4j.PhiException;
import io.phi4j.tokenizer.Tokenizer;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Multiple-choice scoring as llama.cpp's {@code llama-perplexity} does it (tools/perplexity/perplexity.cpp,
 * {@code hellaswag_score}, {@code winogrande_score}, {@code multiple_choice_score}), which normalises
 * differently from the harness:
 * <ul>
 *   <li>HellaSwag and {@code --multiple-choice}: each choice is tokenized as {@code context + " " + choice}
 *   (no BOS for Phi-2, special tokens not parsed); the tokens all choices share are the context; a choice's
 *   score is the <em>mean</em> log-probability of its remaining tokens; the first maximum wins.</li>
 *   <li>WinoGrande: the two sentences {@code first + option + second}; when both differ from the shared
 *   prefix by more than 3 tokens, only the tokens after the option are scored; the last token (the period) is
 *   left out when there are more; mean log-probability, option 2 on ties. When the option is scored, llama.cpp
 *   reads the second sentence's first prediction from the wrong logits row (its "FIXME"): the row after the
 *   first sentence's last token. That is reproduced, since the aim is llama.cpp's numbers.</li>
 * </ul>
 */
final class LlamaCppScoring {
    private static final int MIN_TRAILING = 3; // k_min_trailing_ctx

    private final Tokenizer tokenizer;
    private final LoglikelihoodEngine engine;

    LlamaCppScoring(Tokenizer tokenizer, LoglikelihoodEngine engine) {
        this.tokenizer = tokenizer;
        this.engine = engine;
    }

    /**
     * The HellaSwag tasks llama.cpp evaluates, in its order: it always draws them at random with
     * {@code std::mt19937 rng(1)} and {@code std::uniform_int_distribution<size_t>(0, left - 1)}, removing each
     * drawn task, {@code limit} times (all tasks when 0).
     */
    static <T> List<T> hellaswagOrder(List<T> all, int limit) {
        List<T> left = new ArrayList<>(all);
        int n = limit > 0 ? Math.min(limit, all.size()) : all.size();
        Mt19937 rng = Mt19937.cpp(1);
        List<T> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            int idx = (int) rng.cppUniformBelow(left.size());
            out.add(left.remove(idx));
        }
        return out;
    }

    private int[] tokenize(String text) {
        return tokenizer.encode(text, false);
    }

    TaskResult run(McTask task, List<Map<String, Object>> docs, FewshotSampler sampler, McRunner.Progress progress) {
        if (task.output() != McTask.Output.MULTIPLE_CHOICE) {
            throw new PhiException(task.name() + " has no llama.cpp scoring (llama-perplexity scores HellaSwag, WinoGrande and multiple choice)");
        }
        boolean wino = task.multipleInput();
        List<List<TokenRequest>> groups = new ArrayList<>();
        List<int[]> layouts = new ArrayList<>();
        for (Map<String, Object> doc : docs) {
            String prefix = task.fewshotPrefix(doc, sampler.shotsFor(doc));
            if (wino) {
                groups.add(winograndeRequests(prefix, doc, layouts));
            } else {
                String question = prefix + task.questionText(doc);
                List<int[]> seqs = new ArrayList<>();
                for (String c : task.choices(doc)) {
                    seqs.add(tokenize(question + " " + c));
                }
                int cp = commonPrefix(seqs);
                List<TokenRequest> reqs = new ArrayList<>();
                for (int[] s : seqs) {
                    reqs.add(new TokenRequest(s, cp));
                }
                groups.add(reqs);
            }
        }
        List<List<TokenScore>> scores = engine.score(groups, progress == null ? null : d -> progress.update(d, docs.size()));

        List<Double> correct = new ArrayList<>();
        List<Map<String, Object>> records = new ArrayList<>();
        for (int i = 0; i < docs.size(); i++) {
            Map<String, Object> doc = docs.get(i);
            List<TokenScore> s = scores.get(i);
            double[] score;
            int pred;
            if (wino) {
                score = winograndeScores(s, layouts.get(i));
                pred = score[0] > score[1] ? 0 : 1;
            } else {
                score = new double[s.size()];
                for (int c = 0; c < s.size(); c++) {
                    score[c] = s.get(c).mean();
                }
                pred = Stats.argmax(score);
            }
            int gold = task.gold(doc);
            double ok = pred == gold ? 1 : 0;
            correct.add(ok);
            Map<String, Object> rec = new LinkedHashMap<>();
            rec.put("doc_id", i);
            rec.put("doc", doc);
            rec.put("scores", score);
            rec.put("pred", pred);
            rec.put("gold", gold);
            rec.put("acc", ok);
            records.add(rec);
        }
        double p = Stats.mean(correct);
        int n = correct.size();
        Map<String, Double> metrics = new LinkedHashMap<>(), stderrs = new LinkedHashMap<>();
        metrics.put("acc", p);
        // llama.cpp prints sqrt(p (1 - p) / (n - 1)) as the error of its final scores.
        stderrs.put("acc", n > 1 ? Math.sqrt(p * (1 - p) / (n - 1)) : Double.NaN);
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("scoring", "llamacpp");
        return new TaskResult(task.name(), n, metrics, stderrs, records, config);
    }

    /**
     * WinoGrande requests: 0 and 1 are the two sentences scored from their first scored token, 2 is llama.cpp's
     * misplaced first prediction for sentence 2 (used only when the option itself is scored). The layout holds
     * {@code [nBase1, last1, nBase2, last2, skip]}.
     */
    private List<TokenRequest> winograndeRequests(String prefix, Map<String, Object> doc, List<int[]> layouts) {
        String sentence = Fields.str(doc, "sentence");
        int blank = sentence.indexOf('_');
        if (blank < 0) {
            throw new PhiException("winogrande: sentence has no _ blank: " + sentence);
        }
        String first = prefix + sentence.substring(0, blank), second = sentence.substring(blank + 1);
        String o1 = Fields.str(doc, "option1"), o2 = Fields.str(doc, "option2");
        int[] s1 = tokenize(first + o1 + second), s2 = tokenize(first + o2 + second);
        int cp = commonPrefix(List.of(s1, s2));
        boolean skip = s1.length - cp > MIN_TRAILING && s2.length - cp > MIN_TRAILING;
        int nBase1 = skip ? tokenize(first + o1).length : cp;
        int nBase2 = skip ? tokenize(first + o2).length : cp;
        int last1 = s1.length - nBase1 > 1 ? 1 : 0, last2 = s2.length - nBase2 > 1 ? 1 : 0;
        layouts.add(new int[] {nBase1, last1, nBase2, last2, skip ? 1 : 0});
        List<TokenRequest> reqs = new ArrayList<>();
        reqs.add(new TokenRequest(s1, Math.max(1, nBase1)));
        reqs.add(new TokenRequest(s2, Math.max(1, nBase2)));
        if (!skip) {
            int[] misplaced = java.util.Arrays.copyOf(s1, s1.length + 1);
            misplaced[s1.length] = s2[cp];
            reqs.add(new TokenRequest(misplaced, s1.length));
        }
        return reqs;
    }

    private static double[] winograndeScores(List<TokenScore> s, int[] layout) {
        int last1 = layout[1], last2 = layout[3];
        boolean skip = layout[4] == 1;
        double[] lp1 = s.get(0).tokenLogProbs(), lp2 = s.get(1).tokenLogProbs();
        int n1 = lp1.length - last1, n2 = lp2.length - last2;
        // llama.cpp accumulates these sums in float.
        float score1 = 0, score2 = 0;
        for (int j = 0; j < n1; j++) {
            score1 += (float) lp1[j];
        }
        for (int j = 0; j < n2; j++) {
            score2 += (float) (j == 0 && !skip ? s.get(2).tokenLogProbs()[0] : lp2[j]);
        }
        return new double[] {score1 / n1, score2 / n2};
    }

    /** Tokens shared by all sequences, leaving at least one token of each to score. */
    static int commonPrefix(List<int[]> seqs) {
        int min = Integer.MAX_VALUE;
        for (int[] s : seqs) {
            min = Math.min(min, s.length);
        }
        int k = 0;
        outer:
        while (k < min) {
            int t = seqs.getFirst()[k];
            for (int[] s : seqs) {
                if (s[k] != t) {
                    break outer;
                }
            }
            k++;
        }
        return Math.max(1, Math.min(k, min - 1));
    }
}
