package io.phi4j.cli;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/** Copies small reference models from phi4j-core's test resources (they may sit inside a jar) to files. */
final class TestModels {
    static final String SMALL = "reference/small-phi2/small-phi2-Q8_0.gguf";

    private TestModels() {
    }

    static Path copy(String resource, Path dir) throws IOException {
        try (InputStream in = TestModels.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("missing test resource " + resource);
            }
            Path out = dir.resolve(Path.of(resource).getFileName().toString());
            Files.copy(in, out, StandardCopyOption.REPLACE_EXISTING);
            return out;
        }
    }

    static byte[] bytes(String resource) throws IOException {
        try (InputStream in = TestModels.class.getClassLoader().getResourceAsStream(resource)) {
            return in.readAllBytes();
        }
    }
}
