package io.phi4j.cli;

import io.phi4j.Model;
import io.phi4j.PhiException;
import io.phi4j.tensor.Tensor;
import picocli.CommandLine.Option;

import java.lang.foreign.MemorySegment;
import java.nio.file.Path;
import java.util.IdentityHashMap;
import java.util.Map;

/**
 * {@code --model}: a GGUF file, a .safetensors file, a Hugging Face directory, or a Hugging Face repo id found in
 * the local cache ({@link ModelResolver}); {@code PHI_MODEL} is the default, and without it the embedded default
 * model {@code models/phi4j-tiny.gguf} of the checkout (the {@code ./phi} launcher names it in the system property
 * {@value #DEFAULT_MODEL_PROPERTY}).
 */
final class ModelOption {
    /** Below this size, loading is too quick for a progress bar. */
    private static final long PRELOAD_BAR_BYTES = 64L << 20;
    static final String DEFAULT_MODEL_PROPERTY = "phi4j.defaultModel";

    @Option(names = {"-m", "--model"}, paramLabel = "MODEL",
            description = "Model: a .gguf file, a .safetensors file, a Hugging Face directory, or a repo id such as "
                    + "microsoft/phi-2 from the local Hugging Face cache (default: $PHI_MODEL, else the embedded "
                    + "phi4j-tiny).")
    String model;

    Path path() {
        String m = model != null ? model : System.getenv("PHI_MODEL");
        if (m == null || m.isBlank()) {
            return defaultModel();
        }
        return ModelResolver.resolve(m);
    }

    /** The embedded default model, when the launcher names one and it is there. */
    static Path defaultModel() {
        String d = System.getProperty(DEFAULT_MODEL_PROPERTY);
        if (d == null || d.isBlank()) {
            throw new PhiException("no model given: use --model PATH (a .gguf file, a Hugging Face directory or a repo id) or set PHI_MODEL");
        }
        Path p = Path.of(d);
        if (!java.nio.file.Files.isRegularFile(p)) {
            throw new PhiException("no model given and the default model " + p + " is missing: use --model PATH or set"
                    + " PHI_MODEL (or restore it with 'git checkout -- models/')");
        }
        return p;
    }

    Model load() {
        return Model.load(path());
    }

    /**
     * Loads the model and, when {@code progress} is shown, reads its weights into memory with a progress bar
     * (otherwise pages are read lazily by the first forward pass, which then looks like a hang on a large model).
     */
    Model load(ProgressBars progress) {
        Model m = load();
        if (!progress.enabled()) {
            return m;
        }
        Map<MemorySegment, Boolean> seen = new IdentityHashMap<>();
        long total = 0;
        for (Tensor t : m.weights().tensors().values()) {
            if (t.data().isMapped() && seen.put(t.data(), Boolean.TRUE) == null) {
                total += t.data().byteSize();
            }
        }
        if (total < PRELOAD_BAR_BYTES) {
            return m;
        }
        progress.start("Loading", total, "MB", 1L << 20);
        try {
            for (MemorySegment s : seen.keySet()) {
                s.load();
                progress.advance(s.byteSize());
            }
        } finally {
            progress.finish();
        }
        return m;
    }
}
