package io.phi4j.eval;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.phi4j.PhiException;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code results.json}: the harness's layout ({@code results} with {@code "acc,none"} / {@code
 * "acc_stderr,none"} keys, {@code n-samples}, {@code configs}) plus {@code samples}, the per-sample records
 * the harness writes with {@code --log_samples}. Written atomically.
 */
public final class ResultsFile {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private ResultsFile() {
    }

    public static Map<String, Object> toJson(List<TaskResult> results, Map<String, Object> runConfig) {
        Map<String, Object> res = new LinkedHashMap<>(), n = new LinkedHashMap<>(), configs = new LinkedHashMap<>(),
                samples = new LinkedHashMap<>();
        for (TaskResult r : results) {
            res.put(r.task(), r.harnessMetrics());
            n.put(r.task(), Map.of("original", r.samples(), "effective", r.samples()));
            configs.put(r.task(), r.config());
            samples.put(r.task(), r.records());
        }
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("results", res);
        root.put("n-samples", n);
        root.put("configs", configs);
        root.put("config", runConfig);
        root.put("samples", samples);
        return root;
    }

    public static void write(Path file, Map<String, Object> json) {
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        try {
            JSON.writeValue(tmp.toFile(), json);
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new PhiException(file + ": cannot write: " + e.getMessage());
        }
    }

    /** {@code results} of a results file: task → metric key → value. */
    public static Map<String, Map<String, Object>> readResults(Path file) {
        try {
            Map<String, Object> root = JSON.readValue(file.toFile(), new TypeReference<LinkedHashMap<String, Object>>() { });
            Object r = root.get("results");
            if (!(r instanceof Map<?, ?>)) {
                throw new PhiException(file + ": no \"results\" object (not a phi eval / lm-eval results file)");
            }
            @SuppressWarnings("unchecked")
            Map<String, Map<String, Object>> m = (Map<String, Map<String, Object>>) r;
            return m;
        } catch (IOException e) {
            throw new PhiException(file + ": cannot read results: " + e.getMessage());
        }
    }

    /** The Markdown table printed after a run: one row per task and metric. */
    public static String markdown(List<TaskResult> results) {
        StringBuilder sb = new StringBuilder("| Task | n | Metric | Value | Stderr | Scoring |\n|---|---:|---|---:|---:|---|\n");
        for (TaskResult r : results) {
            for (var e : r.metrics().entrySet()) {
                Double se = r.stderrs().get(e.getKey());
                sb.append(String.format(java.util.Locale.ROOT, "| %s | %d | %s | %.4f | %s | %s |%n", r.task(), r.samples(), e.getKey(),
                        e.getValue(), se == null || se.isNaN() ? "N/A" : String.format(java.util.Locale.ROOT, "%.4f", se),
                        r.config().getOrDefault("scoring", "generate")));
            }
        }
        return sb.toString();
    }
}
