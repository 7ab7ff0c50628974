package io.phi4j.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Runs the real {@code ./phi} launcher script of the project, on the classes under test (PHI_CLASSPATH) and the
 * JDK running the tests, so the launcher's own logic (stderr filter, signal forwarding, exec on a terminal) is
 * exercised without building jars.
 */
final class PhiLauncher {
    private PhiLauncher() {
    }

    static Path script() {
        String root = System.getProperty("phi4j.root");
        Path p = Path.of(root == null ? ".." : root).toAbsolutePath().normalize().resolve("phi");
        assertThat(p).as("the ./phi launcher").exists();
        return p;
    }

    /** Environment variables that make ./phi run the test classpath with this JDK. */
    static Map<String, String> env() {
        return Map.of("PHI_CLASSPATH", System.getProperty("java.class.path"),
                "JAVA_HOME", System.getProperty("java.home"));
    }

    static ProcessBuilder builder(String... args) {
        List<String> cmd = new ArrayList<>();
        cmd.add(script().toString());
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd);
        pb.environment().putAll(env());
        pb.environment().remove("PHI_MODEL");
        return pb;
    }

    /** A shell command line that runs ./phi with the test environment (for tmux). */
    static String shellCommand(String args) {
        StringBuilder b = new StringBuilder();
        env().forEach((k, v) -> b.append(k).append("='").append(v.replace("'", "'\\''")).append("' "));
        return b.append(script()).append(' ').append(args).toString();
    }

    static boolean onPath(String program) {
        String path = System.getenv("PATH");
        if (path == null) {
            return false;
        }
        for (String d : path.split(java.io.File.pathSeparator)) {
            if (Files.isExecutable(Path.of(d, program))) {
                return true;
            }
        }
        return false;
    }
}
