package io.phi4j.eval;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.phi4j.PhiException;
import org.apache.commons.compress.compressors.bzip2.BZip2CompressorInputStream;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Finds and reads a task's rows under a data directory, with no download. Looked for, first found wins:
 * {@code DIR/<task>/<split>.jsonl}, {@code DIR/<task>.jsonl}, {@code DIR/mc/<name>.jsonl} (llm-foundry's
 * gauntlet file names), and the files the benchmarks ship as: {@code hellaswag/hellaswag_val_full.txt[.bz2]}
 * (llama.cpp's HellaSwag text form), {@code humaneval/HumanEval.jsonl}, {@code mbpp/mbpp.jsonl},
 * {@code gsm8k/<split>.jsonl}, and last {@code DIR/<split>.jsonl} (DIR being the task's own directory).
 * {@code DIR} may also be the file itself. Rows are JSON objects with the
 * fields the Hugging Face dataset publishes (or the gauntlet's).
 */
public final class DataFiles {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long MAX_FILE = 2L << 30;

    private DataFiles() {
    }

    /** The file holding {@code split} of {@code task}, if any. */
    public static Optional<Path> find(Path dir, String task, String split) {
        if (Files.isRegularFile(dir)) {
            return Optional.of(dir);
        }
        List<String> names = switch (task) {
            case "openbookqa" -> List.of("openbookqa", "openbook_qa");
            case "lambada" -> List.of("lambada", "lambada_openai");
            case "siqa" -> List.of("siqa", "social_iqa");
            default -> List.of(task);
        };
        List<Path> candidates = new ArrayList<>();
        for (String n : names) {
            candidates.add(dir.resolve(n).resolve(split + ".jsonl"));
            candidates.add(dir.resolve(n).resolve(split + ".jsonl.bz2"));
        }
        boolean evalSplit = !split.equals("train") && !split.equals("dev");
        if (evalSplit) {
            for (String n : names) {
                candidates.add(dir.resolve(n + ".jsonl"));
                candidates.add(dir.resolve("mc").resolve(n + ".jsonl"));
            }
            switch (task) {
                case "hellaswag" -> {
                    candidates.add(dir.resolve("hellaswag").resolve("hellaswag_val_full.txt"));
                    candidates.add(dir.resolve("hellaswag").resolve("hellaswag_val_full.txt.bz2"));
                    candidates.add(dir.resolve("hellaswag_val_full.txt"));
                    candidates.add(dir.resolve("hellaswag_val_full.txt.bz2"));
                }
                case "humaneval" -> candidates.add(dir.resolve("humaneval").resolve("HumanEval.jsonl"));
                case "mbpp" -> candidates.add(dir.resolve("mbpp").resolve("mbpp.jsonl"));
                default -> { }
            }
        }
        candidates.add(dir.resolve(split + ".jsonl")); // DIR is the task's own directory
        return candidates.stream().filter(Files::isRegularFile).findFirst();
    }

    /** Reads a JSONL file ({@code .bz2} too), or a llama.cpp HellaSwag text file ({@code .txt}). */
    public static List<Map<String, Object>> read(Path file) {
        String name = file.getFileName().toString();
        try {
            long size = Files.size(file);
            if (size > MAX_FILE) {
                throw new PhiException(file + ": " + size + " bytes is too large for a data file");
            }
            try (InputStream raw = Files.newInputStream(file);
                 InputStream in = name.endsWith(".bz2") ? new BZip2CompressorInputStream(raw, true) : raw;
                 BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
                String base = name.endsWith(".bz2") ? name.substring(0, name.length() - 4) : name;
                if (base.endsWith(".csv")) {
                    return readWinograndeCsv(file, r);
                }
                return base.endsWith(".txt") ? readHellaswagText(file, r) : readJsonl(file, r);
            }
        } catch (IOException e) {
            throw new PhiException(file + ": cannot read: " + e.getMessage());
        }
    }

    private static List<Map<String, Object>> readJsonl(Path file, BufferedReader r) throws IOException {
        List<Map<String, Object>> rows = new ArrayList<>();
        String line;
        int n = 0;
        while ((line = r.readLine()) != null) {
            n++;
            if (line.isBlank()) {
                continue;
            }
            try {
                rows.add(JSON.readValue(line, new TypeReference<LinkedHashMap<String, Object>>() { }));
            } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                throw new PhiException(file + ": line " + n + " is not a JSON object: " + e.getOriginalMessage());
            }
        }
        return rows;
    }

    /**
     * llama.cpp's {@code --winogrande} CSV ({@code index,sentence,option1,option2,answer}, the sentence quoted
     * when it holds commas), split at the first four commas outside quotes as {@code load_winogrande_from_csv}
     * does. Read as Hugging Face WinoGrande rows {@code {sentence, option1, option2, answer}}.
     */
    private static List<Map<String, Object>> readWinograndeCsv(Path file, BufferedReader r) throws IOException {
        List<Map<String, Object>> rows = new ArrayList<>();
        String line;
        int n = 0;
        while ((line = r.readLine()) != null) {
            n++;
            if (line.isBlank()) {
                continue;
            }
            int[] comma = new int[4];
            int found = 0;
            boolean quoted = false;
            for (int i = 0; i < line.length() && found < 4; i++) {
                char c = line.charAt(i);
                if (c == '"') {
                    quoted = !quoted;
                } else if (c == ',' && !quoted) {
                    comma[found++] = i;
                }
            }
            if (found != 4) {
                throw new PhiException(file + ": line " + n + ": expected index,sentence,option1,option2,answer");
            }
            String sentence = line.substring(comma[0] + 1, comma[1]);
            if (sentence.length() >= 2 && sentence.startsWith("\"") && sentence.endsWith("\"")) {
                sentence = sentence.substring(1, sentence.length() - 1);
            }
            String answer = line.substring(comma[3] + 1).strip();
            if (!answer.equals("1") && !answer.equals("2")) {
                throw new PhiException(file + ": line " + n + ": answer must be 1 or 2, got " + answer);
            }
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("sentence", sentence);
            row.put("option1", line.substring(comma[1] + 1, comma[2]));
            row.put("option2", line.substring(comma[2] + 1, comma[3]));
            row.put("answer", answer);
            rows.add(row);
        }
        return rows;
    }

    /**
     * llama.cpp's {@code --hellaswag} input: 6 lines per task (context, gold index, 4 endings), already
     * preprocessed as the harness does. Read as gauntlet-style rows {@code {query, choices, gold}}.
     */
    private static List<Map<String, Object>> readHellaswagText(Path file, BufferedReader r) throws IOException {
        List<String> lines = new ArrayList<>();
        String line;
        while ((line = r.readLine()) != null) {
            lines.add(line);
        }
        while (!lines.isEmpty() && lines.getLast().isEmpty()) {
            lines.removeLast();
        }
        if (lines.size() % 6 != 0) {
            throw new PhiException(file + ": " + lines.size() + " lines is not a multiple of 6 (HellaSwag text: context, gold, 4 endings)");
        }
        List<Map<String, Object>> rows = new ArrayList<>(lines.size() / 6);
        for (int i = 0; i < lines.size(); i += 6) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("query", lines.get(i));
            int gold;
            try {
                gold = Integer.parseInt(lines.get(i + 1).strip());
            } catch (NumberFormatException e) {
                throw new PhiException(file + ": line " + (i + 2) + ": gold index is not a number: " + lines.get(i + 1));
            }
            if (gold < 0 || gold > 3) {
                throw new PhiException(file + ": line " + (i + 2) + ": gold index " + gold + " is not 0..3");
            }
            row.put("gold", gold);
            row.put("choices", List.copyOf(lines.subList(i + 2, i + 6)));
            rows.add(row);
        }
        return rows;
    }
}
