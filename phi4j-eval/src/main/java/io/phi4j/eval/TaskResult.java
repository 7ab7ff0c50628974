package io.phi4j.eval;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One task's outcome: metric values with their standard errors (NaN where the harness gives none) and the
 * per-sample records (as the harness's {@code --log_samples} writes them, plus per-token detail).
 */
public record TaskResult(String task, int samples, Map<String, Double> metrics, Map<String, Double> stderrs,
                         List<Map<String, Object>> records, Map<String, Object> config) {

    /** The harness's result key form: {@code "acc,none"}, {@code "acc_stderr,none"}. */
    public Map<String, Object> harnessMetrics() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("alias", task);
        for (var e : metrics.entrySet()) {
            m.put(e.getKey() + ",none", e.getValue());
            Double se = stderrs.get(e.getKey());
            m.put(e.getKey() + "_stderr,none", se == null || se.isNaN() ? "N/A" : se);
        }
        return m;
    }
}
