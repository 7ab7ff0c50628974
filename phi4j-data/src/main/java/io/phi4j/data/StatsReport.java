package io.phi4j.data;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.phi4j.format.safetensors.AtomicFile;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;

/** Writes a corpus's statistics as {@code stats.json} and a readable {@code stats.md}. */
public final class StatsReport {
    private StatsReport() {
    }

    public static void write(Path dir, String name, Map<String, Object> stats) {
        try {
            String json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(stats);
            AtomicFile.writeString(dir.resolve(name + ".json"), json + "\n");
        } catch (IOException e) {
            throw new IllegalStateException("a map of plain values always serializes", e);
        }
        AtomicFile.writeString(dir.resolve(name + ".md"), markdown(stats));
    }

    @SuppressWarnings("unchecked")
    static String markdown(Map<String, Object> s) {
        StringBuilder sb = new StringBuilder("# Corpus statistics\n\n");
        for (Map.Entry<String, Object> e : s.entrySet()) {
            if (!(e.getValue() instanceof Map)) {
                sb.append("- ").append(e.getKey().replace('_', ' ')).append(": ").append(e.getValue()).append('\n');
            }
        }
        sb.append("\n## Families\n\n| family | lessons | tokens | mean tokens | with answer |\n|---|---:|---:|---:|---:|\n");
        Map<String, Object> fams = (Map<String, Object>) s.get("families");
        for (Map.Entry<String, Object> e : fams.entrySet()) {
            Map<String, Object> f = (Map<String, Object>) e.getValue();
            sb.append("| ").append(e.getKey()).append(" | ").append(f.get("lessons")).append(" | ")
                    .append(f.get("tokens")).append(" | ").append(f.get("mean_tokens")).append(" | ")
                    .append(f.get("with_answer")).append(" |\n");
        }
        sb.append("\n## Formats\n\n| format | lessons |\n|---|---:|\n");
        for (Map.Entry<String, Object> e : ((Map<String, Object>) s.get("formats")).entrySet()) {
            sb.append("| ").append(e.getKey()).append(" | ").append(e.getValue()).append(" |\n");
        }
        Map<String, Object> len = (Map<String, Object>) s.get("length_tokens");
        if (len != null && !len.isEmpty()) {
            sb.append("\n## Lesson length (tokens)\n\n");
            for (String k : new String[] {"min", "p10", "p50", "p90", "p99", "max", "mean"}) {
                sb.append("- ").append(k).append(": ").append(len.get(k)).append('\n');
            }
            sb.append("\n| tokens | lessons |\n|---|---:|\n");
            for (Map.Entry<String, Object> e : ((Map<String, Object>) len.get("histogram")).entrySet()) {
                sb.append("| ").append(e.getKey()).append(" | ").append(e.getValue()).append(" |\n");
            }
        }
        return sb.toString();
    }
}
