package io.phi4j.eval;

import io.phi4j.PhiException;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Picks few-shot examples as lm_eval/api/samplers.py does: {@code first_n} takes the first k of the few-shot
 * split (MMLU: of the same subject, each subject being its own task there); the default sampler draws with
 * CPython's {@code random.Random(seed).sample}, one draw per evaluated document in order (seed 1234 unless
 * {@code --seed}); when the few-shot split is the evaluated split, k + 1 are drawn and the document itself is
 * removed.
 */
public final class FewshotSampler {
    private final McTask task;
    private final List<Map<String, Object>> pool;
    private final boolean sameSplit;
    private final int k;
    private final Mt19937 rnd;

    public FewshotSampler(McTask task, List<Map<String, Object>> pool, boolean sameSplit, int k, long seed) {
        this.task = task;
        this.pool = pool == null ? List.of() : pool;
        this.sameSplit = sameSplit;
        this.k = k;
        this.rnd = Mt19937.python(seed);
        if (k > 0 && this.pool.isEmpty()) {
            throw new PhiException(task.name() + ": " + k + "-shot needs the " + task.fewshotSplit()
                    + " split (put " + task.name() + "/" + task.fewshotSplit() + ".jsonl in the data directory)");
        }
    }

    public List<Map<String, Object>> shotsFor(Map<String, Object> doc) {
        if (k == 0) {
            return List.of();
        }
        if (task.sampler() == McTask.Sampler.FIRST_N) {
            List<Map<String, Object>> candidates = new ArrayList<>();
            Object subject = doc.get("subject");
            for (Map<String, Object> d : pool) {
                if (subject != null && !subject.equals(d.get("subject"))) {
                    continue;
                }
                if (sameSplit && d.equals(doc)) {
                    continue;
                }
                candidates.add(d);
            }
            if (candidates.size() < k) {
                throw new PhiException(task.name() + ": " + k + "-shot needs " + k + " examples in the "
                        + task.fewshotSplit() + " split" + (subject != null ? " for subject " + subject : "")
                        + ", found " + candidates.size());
            }
            return candidates.subList(0, k);
        }
        int draw = sameSplit ? k + 1 : k;
        if (draw > pool.size()) {
            throw new PhiException(task.name() + ": cannot draw " + draw + " few-shot examples from " + pool.size());
        }
        List<Map<String, Object>> out = new ArrayList<>();
        for (int i : rnd.pySampleIndices(pool.size(), draw)) {
            Map<String, Object> d = pool.get(i);
            if (!(sameSplit && d.equals(doc))) {
                out.add(d);
            }
        }
        return out.size() > k ? out.subList(0, k) : out;
    }
}
