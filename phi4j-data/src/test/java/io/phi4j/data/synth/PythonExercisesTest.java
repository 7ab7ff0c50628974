package io.phi4j.data.synth;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.phi4j.data.Lesson;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Runs every generated Python exercise with a real python3 and compares what it prints with the lesson's answer.
 * Tagged "python": where python3 is not on the PATH the test is reported as skipped (or fails, if
 * PHI4J_REQUIRE_PYTHON=1); where it is, the test always runs.
 */
@Tag("python")
class PythonExercisesTest {
    private static final String RUNNER = """
            import contextlib, io, json, sys
            programs = json.load(sys.stdin)
            outputs = []
            for src in programs:
                buf = io.StringIO()
                with contextlib.redirect_stdout(buf):
                    exec(compile(src, "<lesson>", "exec"), {"__name__": "__main__"})
                outputs.append(buf.getvalue())
            json.dump(outputs, sys.stdout)
            """;

    static Path python3() {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            Path p = Path.of(dir, "python3");
            if (Files.isExecutable(p)) {
                return p;
            }
        }
        if ("1".equals(System.getenv("PHI4J_REQUIRE_PYTHON"))) {
            throw new AssertionError("python3 is not on the PATH but PHI4J_REQUIRE_PYTHON=1");
        }
        Assumptions.abort("python3 is not on the PATH: Python exercises not executed");
        return null;
    }

    /** The last ```python block of a lesson. */
    static String program(Lesson l) {
        String program = lastProgram(l.text());
        assertThat(program).as(l.text()).isNotNull();
        return program;
    }

    /** The last complete ```python block of a text, or null when it has none. */
    static String lastProgram(String t) {
        int start = t.lastIndexOf("```python\n");
        int end = start < 0 ? -1 : t.indexOf("\n```", start + "```python\n".length());
        return end < 0 ? null : t.substring(start + "```python\n".length(), end);
    }

    @Test
    void everyPythonExercisePrintsItsAnswer() throws IOException, InterruptedException {
        Path python = python3();
        List<Lesson> lessons = new ArrayList<>();
        for (long seed : new long[] {1, 2, 3}) {
            lessons.addAll(GeneratedLessons.of(seed, "python", 400));
        }
        List<String> programs = lessons.stream().map(PythonExercisesTest::program).toList();
        ObjectMapper json = new ObjectMapper();
        Process p = new ProcessBuilder(python.toString(), "-c", RUNNER).redirectError(ProcessBuilder.Redirect.INHERIT)
                .start();
        p.getOutputStream().write(json.writeValueAsBytes(programs));
        p.getOutputStream().close();
        byte[] out = p.getInputStream().readAllBytes();
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as("python3 exit code").isZero();
        String[] outputs = json.readValue(new String(out, StandardCharsets.UTF_8), String[].class);
        assertThat(outputs).hasSameSizeAs(lessons);
        for (int i = 0; i < outputs.length; i++) {
            Lesson l = lessons.get(i);
            assertThat(outputs[i]).as("program:%n%s", programs.get(i)).endsWith("\n");
            assertThat(outputs[i].substring(0, outputs[i].length() - 1)).as("program:%n%s", programs.get(i))
                    .isEqualTo(l.answer());
        }
    }
}
