package io.phi4j;

import io.phi4j.format.gguf.GgufFile;
import io.phi4j.format.gguf.GgufPhiModel;
import io.phi4j.format.gguf.GgufValue;
import io.phi4j.model.PhiConfig;
import io.phi4j.model.PhiWeights;
import io.phi4j.tensor.Codecs;
import io.phi4j.tensor.Tensor;
import io.phi4j.tokenizer.Tokenizer;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/** Detects a model's format from its path and opens it (one method per format). */
final class ModelLoader {
    private ModelLoader() {
    }

    static Model load(Path path) {
        if (!Files.exists(path)) {
            throw new PhiException("model not found: " + path);
        }
        Arena arena = Arena.ofShared();
        try {
            if (Files.isDirectory(path) || path.getFileName().toString().endsWith(".safetensors")
                    || path.getFileName().toString().endsWith(".json")) {
                return HfModelLoader.load(path, arena);
            }
            if (isGguf(path)) {
                return loadGguf(path, arena);
            }
            throw new PhiException(path + ": not a GGUF file, a .safetensors file or a Hugging Face model directory");
        } catch (RuntimeException | Error e) {
            arena.close();
            throw e;
        }
    }

    private static boolean isGguf(Path path) {
        if (path.getFileName().toString().endsWith(".gguf")) {
            return true;
        }
        try (var in = Files.newInputStream(path)) {
            byte[] magic = in.readNBytes(4);
            return magic.length == 4 && magic[0] == 'G' && magic[1] == 'G' && magic[2] == 'U' && magic[3] == 'F';
        } catch (IOException e) {
            throw new PhiException("cannot read " + path + ": " + e.getMessage());
        }
    }

    private static Model loadGguf(Path path, Arena arena) {
        GgufFile gguf = GgufFile.open(path, arena);
        PhiConfig config = GgufPhiModel.config(gguf);
        Map<String, Tensor> tensors = GgufPhiModel.tensors(gguf);
        PhiWeights weights = weights(path, config, tensors);
        Tokenizer tokenizer = GgufPhiModel.tokenizer(gguf).orElse(null);
        Map<String, String> meta = new LinkedHashMap<>();
        for (Map.Entry<String, GgufValue> e : gguf.metadata().entrySet()) {
            String k = e.getKey();
            if (k.startsWith("general.") && !(e.getValue().value() instanceof Collection<?>)
                    && !e.getValue().type().name().equals("ARRAY")) {
                meta.put(k, String.valueOf(e.getValue().value()));
            }
        }
        ModelInfo info = new ModelInfo(path, "GGUF v" + gguf.version(), size(path), typeCounts(tensors.values()), meta);
        return new Model(arena, weights, tokenizer, info);
    }

    /** Checks tensors against the config and that every type can be decoded. */
    static PhiWeights weights(Path path, PhiConfig config, Map<String, Tensor> tensors) {
        for (Tensor t : tensors.values()) {
            if (!Codecs.isSupported(t.type())) {
                throw new PhiException(path.getFileName() + ": tensor " + t.name() + " has type " + t.type()
                        + ", which phi4j does not support");
            }
        }
        try {
            return PhiWeights.of(config, tensors);
        } catch (PhiException e) {
            throw new PhiException(path.getFileName() + ": " + e.getMessage(), e);
        }
    }

    static Map<String, Integer> typeCounts(Collection<Tensor> tensors) {
        Map<String, Integer> counts = new TreeMap<>();
        for (Tensor t : tensors) {
            counts.merge(t.type().name(), 1, Integer::sum);
        }
        return counts;
    }

    static long size(Path path) {
        try {
            if (Files.isDirectory(path)) {
                try (var s = Files.list(path)) {
                    return s.filter(p -> p.getFileName().toString().endsWith(".safetensors"))
                            .mapToLong(p -> p.toFile().length()).sum();
                }
            }
            return Files.size(path);
        } catch (IOException e) {
            return -1;
        }
    }
}
