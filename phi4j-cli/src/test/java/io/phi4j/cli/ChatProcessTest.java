package io.phi4j.cli;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** The real ./phi process with messages piped to standard input (not a terminal: no prompts, replies only). */
class ChatProcessTest {
    @TempDir
    static Path dir;
    static Path model;

    @BeforeAll
    static void setUp() throws IOException {
        model = TestModels.copy(TestModels.SMALL, dir);
    }

    @Test
    void pipedConversationThatOverflowsTheContext() throws Exception {
        Process p = PhiLauncher.builder("chat", "-m", model.toString(), "--temperature", "0", "-n", "10", "--ctx", "64").start();
        try (OutputStream in = p.getOutputStream()) {
            in.write(("one two three four five\nsix seven eight nine ten\neleven twelve thirteen\n"
                    + "fourteen fifteen sixteen\nseventeen eighteen\nnineteen twenty\n").getBytes(StandardCharsets.UTF_8));
        }
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.exitValue()).as(err).isZero();
        assertThat(out.lines().count()).as(out).isEqualTo(6);
        assertThat(err).contains("[context full: dropped the oldest").doesNotContain("WARNING").doesNotContain("> ");
    }

    @Test
    void errorsThroughTheLauncherAreOneLineWithExitCode2() throws Exception {
        Process p = PhiLauncher.builder("chat", "-m", dir.resolve("missing.gguf").toString()).start();
        p.getOutputStream().close();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.exitValue()).isEqualTo(2);
        assertThat(err.strip()).isEqualTo("phi: model not found: " + dir.resolve("missing.gguf"));
    }
}
