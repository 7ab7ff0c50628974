package io.phi4j;

import java.lang.foreign.Arena;
import java.nio.file.Path;

/** Opens Hugging Face checkpoints (directory, single .safetensors, sharded index). */
final class HfModelLoader {
    private HfModelLoader() {
    }

    static Model load(Path path, Arena arena) {
        throw new PhiException(path + ": Hugging Face checkpoints are not supported yet");
    }
}
