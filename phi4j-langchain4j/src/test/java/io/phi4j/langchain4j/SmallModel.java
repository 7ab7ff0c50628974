package io.phi4j.langchain4j;

import io.phi4j.Model;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/** The small reference Phi-2 (hidden 256, vocabulary 512, with a tokenizer) from phi4j-core's test resources. */
final class SmallModel {
    static final String RESOURCE = "reference/small-phi2/small-phi2-Q8_0.gguf";

    private SmallModel() {
    }

    /** Copies the model into {@code dir} (a real file, as users have) and returns its path. */
    static Path copy(Path dir) throws IOException {
        Path file = dir.resolve("small-phi2-Q8_0.gguf");
        try (InputStream in = SmallModel.class.getClassLoader().getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("missing test resource " + RESOURCE + " (phi4j-core test-jar)");
            }
            Files.copy(in, file, StandardCopyOption.REPLACE_EXISTING);
        }
        return file;
    }

    static Model load(Path dir) throws IOException {
        return Model.load(copy(dir));
    }
}
