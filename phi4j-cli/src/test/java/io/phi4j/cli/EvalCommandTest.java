package io.phi4j.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code phi eval} and {@code phi eval compare} on the small Q8_0 Phi-2 and a few hand-made items. */
class EvalCommandTest {
    @TempDir
    static Path dir;
    static Path model;
    static Path data;

    @BeforeAll
    static void setUp() throws IOException {
        model = TestModels.copy(TestModels.SMALL, dir);
        data = Files.createDirectories(dir.resolve("data"));
        Files.createDirectories(data.resolve("piqa"));
        Files.writeString(data.resolve("piqa/validation.jsonl"), """
                {"goal": "How do I open a jar?", "sol1": "Twist the lid.", "sol2": "Hit it with a hammer.", "label": 0}
                {"goal": "How do I cool tea?", "sol1": "Add ice.", "sol2": "Boil it.", "label": 0}
                {"goal": "How do I dry hair?", "sol1": "Use a towel.", "sol2": "Use water.", "label": 0}
                """);
        Files.createDirectories(data.resolve("humaneval"));
        Files.writeString(data.resolve("humaneval/HumanEval.jsonl"),
                "{\"task_id\": \"HumanEval/0\", \"prompt\": \"def f():\\n\", \"entry_point\": \"f\", \"test\": \"def check(c):\\n    assert c() == 1\\n\"}\n");
    }

    @Test
    void scoresATaskAndWritesResults() throws IOException {
        Path out = dir.resolve("r.json");
        CliRun r = CliRun.run("eval", "-m", model.toString(), "--tasks", "piqa", "--data", data.toString(), "--no-progress",
                "-o", out.toString());
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.out()).startsWith("| Task | n | Metric | Value | Stderr | Scoring |").contains("| piqa | 3 | acc |")
                .contains("| piqa | 3 | acc_norm |");
        JsonNode json = new ObjectMapper().readTree(out.toFile());
        double acc = json.at("/results/piqa/acc,none").asDouble();
        assertThat(acc).isIn(0.0, 1.0 / 3, 2.0 / 3, 1.0);
        JsonNode s = json.at("/samples/piqa/0");
        assertThat(s.at("/arguments/0/0").asText()).isEqualTo("Question: How do I open a jar?\nAnswer:");
        assertThat(s.at("/arguments/1/1").asText()).isEqualTo(" Hit it with a hammer.");
        assertThat(s.at("/loglikelihoods").size()).isEqualTo(2);
        assertThat(s.at("/loglikelihoods/0").asDouble()).isNegative();
        assertThat(s.at("/is_greedy").size()).isEqualTo(2);
        assertThat(s.at("/gold").asInt()).isZero();
        int pred = s.at("/pred").asInt();
        double ll0 = s.at("/loglikelihoods/0").asDouble(), ll1 = s.at("/loglikelihoods/1").asDouble();
        assertThat(pred).isEqualTo(ll1 > ll0 ? 1 : 0);

        Path b = dir.resolve("r2.json");
        Files.copy(out, b);
        Path svg = dir.resolve("chart.svg");
        CliRun c = CliRun.run("eval", "compare", out.toString(), b.toString(), "--out", svg.toString());
        assertThat(c.exitCode()).as(c.err()).isZero();
        String text = Files.readString(svg);
        assertThat(text).startsWith("<svg").contains("piqa acc").contains("piqa acc_norm").contains(">r<").contains(">r2<");
        assertThat(text.split("<rect x=").length - 1).isEqualTo(4 + 2); // 2 metrics x 2 runs, 2 legend boxes
    }

    @Test
    void refusesToRunModelCodeWithoutPermission() {
        CliRun r = CliRun.run("eval", "-m", model.toString(), "--tasks", "humaneval", "--data", data.toString(), "--no-progress");
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).contains("--allow-code-execution");
    }

    @Test
    void badArguments() {
        CliRun unknown = CliRun.run("eval", "-m", model.toString(), "--tasks", "nope", "--data", data.toString());
        assertThat(unknown.exitCode()).isEqualTo(2);
        assertThat(unknown.err()).contains("unknown task nope");
        CliRun noData = CliRun.run("eval", "-m", model.toString(), "--tasks", "piqa");
        assertThat(noData.exitCode()).isEqualTo(2);
        assertThat(noData.err()).contains("--data");
        CliRun missing = CliRun.run("eval", "-m", model.toString(), "--tasks", "arc_easy", "--data", data.toString(), "--no-progress");
        assertThat(missing.exitCode()).isEqualTo(2);
        assertThat(missing.err()).contains("no data for arc_easy");
        CliRun scoring = CliRun.run("eval", "-m", model.toString(), "--tasks", "piqa", "--data", data.toString(), "--scoring", "x");
        assertThat(scoring.exitCode()).isEqualTo(2);
        assertThat(scoring.err()).contains("--scoring must be harness or llamacpp");
        CliRun lambada = CliRun.run("eval", "compare", dir.resolve("missing.json").toString(), "--out", dir.resolve("x.svg").toString());
        assertThat(lambada.exitCode()).isEqualTo(2);
        assertThat(lambada.err()).contains("results file not found");
    }
}
