package io.phi4j.cli;

import io.phi4j.Model;
import io.phi4j.PhiException;
import picocli.CommandLine.Option;

import java.nio.file.Files;
import java.nio.file.Path;

/** {@code --model}: a GGUF file, a .safetensors file or a Hugging Face directory; {@code PHI_MODEL} is the default. */
final class ModelOption {
    @Option(names = {"-m", "--model"}, paramLabel = "MODEL",
            description = "Model: a .gguf file, a .safetensors file or a Hugging Face model directory (default: $PHI_MODEL).")
    String model;

    Path path() {
        String m = model != null ? model : System.getenv("PHI_MODEL");
        if (m == null || m.isBlank()) {
            throw new PhiException("no model given: use --model PATH (a .gguf file or a Hugging Face directory) or set PHI_MODEL");
        }
        Path p = Path.of(m);
        if (!Files.exists(p)) {
            throw new PhiException("model not found: " + m);
        }
        return p;
    }

    Model load() {
        return Model.load(path());
    }
}
