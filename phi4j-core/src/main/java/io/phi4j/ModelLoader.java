package io.phi4j;

import java.nio.file.Files;
import java.nio.file.Path;

/** Detects a model's format from its path and opens it (one method per format). */
final class ModelLoader {
    private ModelLoader() {
    }

    static Model load(Path path) {
        if (!Files.exists(path)) {
            throw new PhiException("model not found: " + path);
        }
        throw new PhiException(path + ": unsupported model format");
    }
}
