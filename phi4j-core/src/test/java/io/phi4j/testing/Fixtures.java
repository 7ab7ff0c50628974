package io.phi4j.testing;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** Locates {@code ../shared} fixtures. A missing file fails the test: shared tests never skip. */
public final class Fixtures {
    private Fixtures() {
    }

    public static Path shared() {
        String prop = System.getProperty("phi4j.shared");
        Path p = prop != null ? Path.of(prop) : Path.of("../../shared");
        return p.toAbsolutePath().normalize();
    }

    public static Path shared(String relative) {
        Path p = shared().resolve(relative);
        assertThat(p).as("fixture %s (is ../shared present?)", relative).exists();
        return p;
    }

    /** A file under src/test/resources of the module being tested. */
    public static Path resource(String relative) {
        try {
            var url = Fixtures.class.getClassLoader().getResource(relative);
            assertThat(url).as("test resource %s", relative).isNotNull();
            return Path.of(url.toURI());
        } catch (java.net.URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    public static boolean exists(Path p) {
        return Files.exists(p);
    }
}
