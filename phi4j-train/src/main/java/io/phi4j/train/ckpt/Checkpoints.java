package io.phi4j.train.ckpt;

import com.fasterxml.jackson.databind.json.JsonMapper;
import io.phi4j.PhiException;
import io.phi4j.format.safetensors.AtomicFile;
import io.phi4j.format.safetensors.SafetensorsFile;
import io.phi4j.format.safetensors.SafetensorsWriter;
import io.phi4j.tensor.Tensor;
import io.phi4j.train.model.Param;
import io.phi4j.train.model.PhiParams;
import io.phi4j.train.optim.AdamW;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Crash-safe checkpoints of a training run under {@code RUN_DIR/checkpoints/}:
 * <pre>
 *   step-000200/   model.safetensors, config.json, tokenizer files  (a Hugging Face checkpoint)
 *                  optimizer.safetensors  (AdamW moments: NAME.exp_avg, NAME.exp_avg_sq, float32)
 *                  trainer_state.json     (step, tokens, FLOPs, seed: see {@link TrainerState})
 *   latest         the name of the newest complete checkpoint
 * </pre>
 * A checkpoint is written into {@code step-N.partial/}, every file forced to disk, then the directory is renamed
 * to {@code step-N} and {@code latest} replaced atomically; only then is the previous checkpoint deleted. A
 * crash at any moment leaves {@code latest} naming a complete checkpoint (or no checkpoint yet).
 */
public final class Checkpoints {
    public static final String LATEST = "latest";
    public static final String OPTIMIZER = "optimizer.safetensors";
    public static final String STATE = "trainer_state.json";
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final Path root;

    public Checkpoints(Path runDir) {
        this.root = runDir.resolve("checkpoints");
    }

    public Path root() {
        return root;
    }

    public static String name(long step) {
        return String.format("step-%06d", step);
    }

    /** Saves and returns the checkpoint directory. */
    public Path save(PhiParams params, AdamW opt, TrainerState state, float residPdrop, float embdPdrop, Path tokenizerDir) {
        String name = name(state.step());
        Path dir = root.resolve(name);
        Path partial = root.resolve(name + ".partial");
        try {
            Files.createDirectories(root);
            deleteTree(partial);
            Files.createDirectories(partial);
            ModelIO.save(partial, params, residPdrop, embdPdrop, tokenizerDir);
            saveOptimizer(partial.resolve(OPTIMIZER), params, opt);
            AtomicFile.writeString(partial.resolve(STATE), JSON.writerWithDefaultPrettyPrinter().writeValueAsString(state) + "\n");
            String previous = latestName();
            deleteTree(dir);
            Files.move(partial, dir, StandardCopyOption.ATOMIC_MOVE);
            AtomicFile.writeString(root.resolve(LATEST), name + "\n");
            if (previous != null && !previous.equals(name)) {
                deleteTree(root.resolve(previous));
            }
            return dir;
        } catch (IOException e) {
            throw new PhiException(dir + ": cannot write checkpoint: " + e.getMessage(), e);
        }
    }

    private static void saveOptimizer(Path file, PhiParams params, AdamW opt) {
        List<Tensor> tensors = new ArrayList<>();
        List<Param> all = params.all();
        for (int i = 0; i < all.size(); i++) {
            Param p = all.get(i);
            tensors.add(Tensor.ofFloats(p.name() + ".exp_avg", p.longShape(), opt.firstMoment(i)));
            tensors.add(Tensor.ofFloats(p.name() + ".exp_avg_sq", p.longShape(), opt.secondMoment(i)));
        }
        SafetensorsWriter.write(file, tensors, null, Map.of("format", "phi4j-adamw", "step", Long.toString(opt.step())));
    }

    /** The newest complete checkpoint, or null if none. */
    public Path latest() {
        String n = latestName();
        return n == null ? null : root.resolve(n);
    }

    private String latestName() {
        Path f = root.resolve(LATEST);
        try {
            if (Files.isRegularFile(f)) {
                String n = Files.readString(f).trim();
                if (n.matches("step-\\d+") && Files.isDirectory(root.resolve(n))) {
                    return n;
                }
            }
            // no pointer (or a dangling one): the highest-numbered complete directory
            if (!Files.isDirectory(root)) {
                return null;
            }
            try (Stream<Path> s = Files.list(root)) {
                return s.map(p -> p.getFileName().toString()).filter(n -> n.matches("step-\\d+"))
                        .filter(n -> Files.isRegularFile(root.resolve(n).resolve(STATE)))
                        .max(Comparator.naturalOrder()).orElse(null);
            }
        } catch (IOException e) {
            throw new PhiException(f + ": cannot read: " + e.getMessage(), e);
        }
    }

    /** Loads the trainer state of a checkpoint. */
    public static TrainerState readState(Path dir) {
        Path f = dir.resolve(STATE);
        try {
            return JSON.readValue(f.toFile(), TrainerState.class);
        } catch (IOException e) {
            throw new PhiException(f + ": cannot read trainer state: " + e.getMessage(), e);
        }
    }

    /** Loads a checkpoint's weights into {@code params} (shapes must match) and its moments into {@code opt}. */
    public static void restore(Path dir, PhiParams params, AdamW opt) {
        PhiParams saved = ModelIO.load(dir);
        if (!saved.config().equals(params.config())) {
            throw new PhiException(dir + ": the checkpoint's model " + saved.config() + " differs from the run's " + params.config());
        }
        List<Param> all = params.all();
        for (int i = 0; i < all.size(); i++) {
            System.arraycopy(saved.all().get(i).value(), 0, all.get(i).value(), 0, all.get(i).size());
        }
        Path file = dir.resolve(OPTIMIZER);
        try (Arena arena = Arena.ofConfined()) {
            SafetensorsFile st = SafetensorsFile.open(file, arena);
            float[][] m = new float[all.size()][], v = new float[all.size()][];
            for (int i = 0; i < all.size(); i++) {
                String n = all.get(i).name();
                m[i] = tensor(st, file, n + ".exp_avg", all.get(i));
                v[i] = tensor(st, file, n + ".exp_avg_sq", all.get(i));
            }
            long step = Long.parseLong(st.metadata().getOrDefault("step", "0"));
            opt.restore(step, m, v);
        } catch (NumberFormatException e) {
            throw new PhiException(file + ": bad optimizer step in metadata");
        }
    }

    private static float[] tensor(SafetensorsFile st, Path file, String name, Param p) {
        if (!st.names().contains(name)) {
            throw new PhiException(file + ": missing tensor " + name);
        }
        float[] v = st.tensor(name).toFloatArray();
        if (v.length != p.size()) {
            throw new PhiException(file + ": tensor " + name + " has " + v.length + " values, expected " + p.size());
        }
        return v;
    }

    /** Removes leftovers of a checkpoint interrupted mid-write. */
    public void removePartial() {
        if (!Files.isDirectory(root)) {
            return;
        }
        try (Stream<Path> s = Files.list(root)) {
            for (Path p : s.toList()) {
                if (p.getFileName().toString().endsWith(".partial")) {
                    deleteTree(p);
                }
            }
        } catch (IOException e) {
            throw new PhiException(root + ": cannot clean up: " + e.getMessage(), e);
        }
    }

    static void deleteTree(Path p) throws IOException {
        if (!Files.exists(p)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(p)) {
            for (Path q : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(q);
            }
        }
    }
}
