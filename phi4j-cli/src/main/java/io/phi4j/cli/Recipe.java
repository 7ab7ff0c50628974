package io.phi4j.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.phi4j.PhiException;
import io.phi4j.train.run.TrainOptions;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A training recipe: the options of {@code phi train} (snake_case keys, {@link TrainOptions}) plus what makes a run
 * reproducible with one command: {@code "out"} (the run directory), {@code "prepare"} (phi command lines that
 * build the data, run before training, each skipped once it has completed) and {@code "finish"} (phi command lines
 * run after training, e.g. quantizing the final checkpoint). Command lines are arrays of arguments, exactly what
 * one would type after {@code phi}, so a recipe is also its own documentation; {@code {out}} stands for the run
 * directory and {@code {checkpoint}} for the final checkpoint.
 */
record Recipe(TrainOptions train, String out, List<List<String>> prepare, List<List<String>> finish) {
    private static final JsonMapper JSON = JsonMapper.builder().build();

    static Recipe read(Path file) {
        JsonNode root;
        try {
            root = JSON.readTree(Files.readString(file));
        } catch (NoSuchFileException e) {
            throw new PhiException(file + ": no such recipe file");
        } catch (IOException e) {
            throw new PhiException(file + ": not a valid recipe: " + e.getMessage().lines().findFirst().orElse(""));
        }
        if (!(root instanceof ObjectNode obj)) {
            throw new PhiException(file + ": a recipe is a JSON object");
        }
        JsonNode out = obj.remove("out");
        if (out != null && !out.isTextual()) {
            throw new PhiException(file + ": \"out\" must be a string (the run directory)");
        }
        List<List<String>> prepare = commands(file, "prepare", obj.remove("prepare"));
        List<List<String>> finish = commands(file, "finish", obj.remove("finish"));
        TrainOptions train = TrainOptions.parse(obj.toString(), file.toString());
        return new Recipe(train, out == null ? null : out.asText(), prepare, finish);
    }

    private static List<List<String>> commands(Path file, String key, JsonNode node) {
        List<List<String>> list = new ArrayList<>();
        if (node == null) {
            return list;
        }
        if (!node.isArray()) {
            throw new PhiException(file + ": \"" + key + "\" must be a list of phi command lines (arrays of strings)");
        }
        for (JsonNode cmd : node) {
            if (!cmd.isArray() || cmd.isEmpty()) {
                throw new PhiException(file + ": each \"" + key + "\" entry must be a non-empty array of strings");
            }
            List<String> args = new ArrayList<>();
            for (JsonNode a : cmd) {
                if (!a.isValueNode() || a.isNull()) {
                    throw new PhiException(file + ": \"" + key + "\" arguments must be strings or numbers, not " + a);
                }
                args.add(a.asText());
            }
            if (args.getFirst().equals("train")) {
                throw new PhiException(file + ": \"" + key + "\" cannot run 'phi train' itself");
            }
            list.add(List.copyOf(args));
        }
        return List.copyOf(list);
    }

    /** {@code args} with {@code {out}} and {@code {checkpoint}} replaced. */
    static String[] expand(List<String> args, Path out, Path checkpoint) {
        return args.stream()
                .map(a -> a.replace("{out}", out.toString())
                        .replace("{checkpoint}", checkpoint == null ? "{checkpoint}" : checkpoint.toString()))
                .toArray(String[]::new);
    }
}
