package io.phi4j.cli;

import io.phi4j.Model;
import io.phi4j.data.Lesson;
import io.phi4j.data.Split;
import io.phi4j.data.Answers;
import io.phi4j.data.synth.SynthGenerator;
import io.phi4j.generate.GenerationOptions;
import io.phi4j.generate.Generator;
import io.phi4j.model.Session;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The embedded default model, models/phi4j-tiny.gguf: the README's first command answers through the real
 * launcher with no --model, and the model still solves held-out two-digit problems (lessons whose problems no
 * training corpus contains, from a seed never used for training).
 */
class DefaultModelAnswersTest {
    static Path model() {
        Path p = PhiLauncher.script().getParent().resolve("models/phi4j-tiny.gguf");
        assertThat(p).as("the embedded default model").exists();
        return p;
    }

    @Test
    void theReadmesFirstCommandAnswers() throws Exception {
        ProcessBuilder pb = PhiLauncher.builder("generate", "Instruct: What is 27 + 38?\\nOutput:");
        pb.redirectErrorStream(false);
        Process p = pb.start();
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor()).as(err).isZero();
        assertThat(out.strip()).endsWith("So 27 + 38 = 65. The answer is 65.");
    }

    @Test
    void serveUsesTheDefaultModelToo() throws Exception {
        Process p = PhiLauncher.builder("serve", "--port", "0", "--parallel", "1").redirectErrorStream(true).start();
        try {
            var lines = new java.io.BufferedReader(new java.io.InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
            String first = lines.readLine();
            assertThat(first).as("first line of phi serve").isNotNull().startsWith("phi: serving phi4j-tiny at http://127.0.0.1:");
            String base = first.replaceAll(".* at (http://\\S+/v1) .*", "$1");
            var http = java.net.http.HttpClient.newHttpClient();
            var request = java.net.http.HttpRequest.newBuilder(java.net.URI.create(base + "/chat/completions"))
                    .header("Content-Type", "application/json")
                    .POST(java.net.http.HttpRequest.BodyPublishers.ofString(
                            "{\"messages\":[{\"role\":\"user\",\"content\":\"What is 45 + 17?\"}],\"temperature\":0}"))
                    .build();
            String body = http.send(request, java.net.http.HttpResponse.BodyHandlers.ofString()).body();
            assertThat(body).contains("\"model\":\"phi4j-tiny\"").contains("So 45 + 17 = 62. The answer is 62.")
                    .contains("\"finish_reason\":\"stop\"");
        } finally {
            p.destroy();
            p.waitFor(20, java.util.concurrent.TimeUnit.SECONDS);
        }
    }

    @Test
    void solvesHeldOutTwoDigitProblems() {
        SynthGenerator gen = new SynthGenerator(77, Split.HELDOUT, List.of("add-sub"), null);
        try (Model m = Model.load(model())) {
            Generator g = new Generator(m.tokenizer());
            Session s = m.newSession(0);
            GenerationOptions greedy = GenerationOptions.greedy(160).withStop(Answers.STOPS).withStopAtEos(true);
            int n = 40, right = 0;
            for (int i = 0; i < n; i++) {
                Lesson l = gen.lesson(i);
                String reply = g.generate(s, m.tokenizer().encode(l.prompt(), true), greedy, (id, t) -> true).text();
                right += Answers.isCorrect(reply, l.answer()) ? 1 : 0;
            }
            // 99.7% on the 355 held-out add-sub lessons of seed 2 (models/phi4j-tiny.md); a broken engine or model gets ~0.
            assertThat(right).isGreaterThanOrEqualTo(34);
        }
    }
}
