package io.phi4j.data.curate;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.phi4j.PhiException;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A pipeline file (JSON): {@code {"input": [paths…], "work_dir": "…", "output": "…", "threads": N,
 * "steps": [{"ingest": {…}}, {"dedup": {…}}, …]}}. Relative paths are relative to the file's directory. Without
 * an ingest step, the single input must already be a documents file (JSON Lines with "id" and "text").
 */
public record Pipeline(Path file, List<Path> inputs, Path workDir, Path output, Integer threads, List<Stage> stages) {
    /** A step with its position (1-based) and the options it was made from (for the resume key). */
    public record Stage(int index, String name, JsonNode options, PipelineStep step) {
    }

    public static Pipeline load(Path file) {
        String text;
        try {
            text = Files.readString(file);
        } catch (NoSuchFileException e) {
            throw new PhiException(file + ": file not found");
        } catch (IOException e) {
            throw new PhiException(file + ": cannot read: " + e.getMessage(), e);
        }
        JsonNode root;
        try {
            root = Docs.JSON.readTree(text);
        } catch (JacksonException e) {
            throw new PhiException(file + ": malformed JSON at line " + e.getLocation().getLineNr() + ": "
                    + e.getOriginalMessage().lines().findFirst().orElse(""));
        }
        if (!(root instanceof ObjectNode)) {
            throw new PhiException(file + ": a pipeline is a JSON object with \"input\", \"work_dir\" and \"steps\"");
        }
        Path base = file.toAbsolutePath().getParent();
        try {
            StepOptions.checkKnown("pipeline", root, java.util.Set.of("input", "work_dir", "output", "threads", "steps"));
        } catch (PhiException e) {
            throw new PhiException(file + ": " + e.getMessage().replace("step \"pipeline\": ", ""));
        }
        List<Path> inputs = new ArrayList<>();
        JsonNode in = root.get("input");
        if (in == null || !(in.isArray() || in.isTextual()) || in.isEmpty() && in.isArray()) {
            throw new PhiException(file + ": \"input\" must be a path or a non-empty list of paths");
        }
        (in.isArray() ? in : Docs.JSON.createArrayNode().add(in)).forEach(p -> inputs.add(base.resolve(p.asText())));
        JsonNode wd = root.get("work_dir");
        if (wd == null || !wd.isTextual()) {
            throw new PhiException(file + ": \"work_dir\" (a directory for the steps' outputs) is required");
        }
        JsonNode out = root.get("output");
        JsonNode th = root.get("threads");
        JsonNode steps = root.get("steps");
        if (steps == null || !steps.isArray() || steps.isEmpty()) {
            throw new PhiException(file + ": \"steps\" must be a non-empty list such as [{\"dedup\": {}}]");
        }
        List<Stage> stages = new ArrayList<>();
        int i = 0;
        for (JsonNode s : steps) {
            i++;
            if (!s.isObject() || s.size() != 1) {
                throw new PhiException(file + ": step " + i + ": write each step as {\"name\": {options}}, got " + s);
            }
            String name = s.fieldNames().next();
            JsonNode opts = s.get(name);
            if (opts.isNull()) {
                opts = Docs.newDoc();
            }
            try {
                stages.add(new Stage(i, name, opts, Steps.create(name, opts, base)));
            } catch (PhiException e) {
                throw new PhiException(file + ": step " + i + ": " + e.getMessage());
            }
            if (!name.equals("ingest") && i == 1 && inputs.size() != 1) {
                throw new PhiException(file + ": without an ingest step, \"input\" must be one documents file (JSON Lines)");
            }
            if (name.equals("ingest") && i != 1) {
                throw new PhiException(file + ": step " + i + ": ingest must be the first step");
            }
            if (i < steps.size() && name.equals("tokenize")) {
                throw new PhiException(file + ": step " + i + ": tokenize must be the last step");
            }
        }
        return new Pipeline(file, inputs, base.resolve(wd.asText()), out == null ? null : base.resolve(out.asText()),
                th == null ? null : th.asInt(), stages);
    }
}
