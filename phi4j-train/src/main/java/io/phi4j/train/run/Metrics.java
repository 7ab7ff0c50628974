package io.phi4j.train.run;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.phi4j.PhiException;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code metrics.jsonl}: one JSON object per line, appended and flushed as training goes. A training step:
 * {@code {"step":12,"loss":…,"lr":…,"grad_norm":…,"tokens":…,"flops":…,"step_ms":…,"tok_per_s":…,"mfu":…}};
 * an evaluation: {@code {"step":12,"val_loss":…,"tokens":…,"flops":…}}. Losses are written with all the
 * digits of a double, so two runs can be compared exactly. On resume, lines past the checkpoint's step are
 * dropped, so the file always describes one consistent run.
 */
public final class Metrics implements AutoCloseable {
    private static final JsonMapper JSON = JsonMapper.builder().build();

    /** A parsed line: step, training loss or NaN, validation loss or NaN, tokens, FLOPs, and the raw fields. */
    public record Entry(long step, double loss, double valLoss, double tokens, double flops, Map<String, Object> fields) {
        public boolean isEval() {
            return !Double.isNaN(valLoss);
        }
    }

    private final Path file;
    private final List<Entry> entries = new ArrayList<>();
    private BufferedWriter out;

    /** Opens {@code file} for appending, keeping only existing lines with step ≤ {@code keepThroughStep} (-1: none). */
    public Metrics(Path file, long keepThroughStep) {
        this.file = file;
        List<String> kept = new ArrayList<>();
        if (Files.exists(file)) {
            try {
                for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                    if (line.isBlank()) {
                        continue;
                    }
                    Entry e;
                    try {
                        e = parse(line);
                    } catch (IOException ex) {
                        continue; // a line cut short by a crash
                    }
                    if (e.step() <= keepThroughStep) {
                        entries.add(e);
                        kept.add(line);
                    }
                }
            } catch (IOException e) {
                throw new PhiException(file + ": cannot read: " + e.getMessage(), e);
            }
        }
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
            Files.write(tmp, kept, StandardCharsets.UTF_8);
            Files.move(tmp, file, java.nio.file.StandardCopyOption.ATOMIC_MOVE, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            out = Files.newBufferedWriter(file, StandardCharsets.UTF_8, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new PhiException(file + ": cannot write: " + e.getMessage(), e);
        }
    }

    @SuppressWarnings("unchecked")
    private static Entry parse(String line) throws IOException {
        JsonNode n = JSON.readTree(line);
        if (n == null || !n.has("step")) {
            throw new IOException("no step");
        }
        Map<String, Object> fields = JSON.convertValue(n, LinkedHashMap.class);
        return new Entry(n.get("step").asLong(), n.has("loss") ? n.get("loss").asDouble() : Double.NaN,
                n.has("val_loss") ? n.get("val_loss").asDouble() : Double.NaN,
                n.path("tokens").asDouble(0), n.path("flops").asDouble(0), fields);
    }

    public void log(Map<String, Object> fields) {
        try {
            String line = JSON.writeValueAsString(fields);
            out.write(line);
            out.write('\n');
            out.flush();
            entries.add(parse(line));
        } catch (IOException e) {
            throw new PhiException(file + ": cannot write: " + e.getMessage(), e);
        }
    }

    public List<Entry> entries() {
        return entries;
    }

    /** Reads a metrics file (for reports and tests). */
    public static List<Entry> read(Path file) {
        List<Entry> list = new ArrayList<>();
        try {
            for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                if (!line.isBlank()) {
                    list.add(parse(line));
                }
            }
        } catch (IOException e) {
            throw new PhiException(file + ": cannot read metrics: " + e.getMessage(), e);
        }
        return list;
    }

    @Override
    public void close() {
        try {
            out.close();
        } catch (IOException e) {
            throw new PhiException(file + ": cannot close: " + e.getMessage(), e);
        }
    }
}
