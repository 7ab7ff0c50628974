package io.phi4j.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import io.phi4j.tokenizer.Tokenizer;
import io.phi4j.tokenizer.Tokenizers;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code phi data synth} and {@code phi data train-tokenizer} end to end. */
class DataCommandsTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void dataAloneListsItsSubcommands() {
        CliRun r = CliRun.run("data");
        assertThat(r.exitCode()).isZero();
        assertThat(r.out()).contains("synth").contains("train-tokenizer").doesNotContain("wordnet-subset");
    }

    @Test
    void synthWritesAReproducibleCorpusAndAHeldOutSetThatNeverOverlapsIt(@TempDir Path dir) throws IOException {
        CliRun a = CliRun.run("data", "synth", "--out", dir.resolve("a").toString(), "--tokens", "30000", "--seed", "3");
        assertThat(a.exitCode()).as(a.err()).isZero();
        assertThat(a.out()).matches("(?s)wrote .*train\\.jsonl: \\d+ lessons, 30\\d{3} tokens, \\d+ duplicates removed, .*"
                + "M tokens/min\\)\nstats: .*train-stats\\.md\n");
        CliRun b = CliRun.run("data", "synth", "--out", dir.resolve("b").toString(), "--tokens", "30000", "--seed", "3");
        assertThat(b.exitCode()).isZero();
        assertThat(Files.readAllBytes(dir.resolve("a/train.jsonl"))).isEqualTo(Files.readAllBytes(dir.resolve("b/train.jsonl")));
        assertThat(dir.resolve("a/train-stats.json")).exists();
        assertThat(dir.resolve("a/train-stats.md")).content().contains("| add-sub |");

        CliRun h = CliRun.run("data", "synth", "--out", dir.resolve("a").toString(), "--tokens", "30000", "--seed", "3",
                "--heldout");
        assertThat(h.exitCode()).as(h.err()).isZero();
        Set<String> trainKeys = new HashSet<>();
        for (String line : Files.readAllLines(dir.resolve("a/train.jsonl"))) {
            JSON.readTree(line).get("keys").forEach(k -> trainKeys.add(k.asText()));
        }
        List<String> held = Files.readAllLines(dir.resolve("a/heldout.jsonl"));
        assertThat(held).isNotEmpty();
        for (String line : held) {
            JsonNode n = JSON.readTree(line);
            assertThat(n.get("split").asText()).isEqualTo("heldout");
            assertThat(trainKeys).doesNotContain(n.get("keys").get(0).asText());
        }
    }

    @Test
    void synthCanBeLimitedToSomeFamilies(@TempDir Path dir) throws IOException {
        CliRun r = CliRun.run("data", "synth", "--out", dir.toString(), "--tokens", "5000", "--families", "python,logic");
        assertThat(r.exitCode()).as(r.err()).isZero();
        for (String line : Files.readAllLines(dir.resolve("train.jsonl"))) {
            assertThat(JSON.readTree(line).get("family").asText()).isIn("python", "logic");
        }
    }

    @Test
    void synthUsageErrors(@TempDir Path dir) {
        String out = dir.toString();
        assertError(CliRun.run("data", "synth", "--out", out, "--tokens", "0"), "phi: --tokens must be positive");
        assertError(CliRun.run("data", "synth", "--out", out, "--families", "poetry"),
                "phi: unknown lesson family \"poetry\" (known: add-sub, mul-div, place-value, fractions, units, compare,"
                        + " logic, sequences, time-money, definitions, python, stories)");
        assertError(CliRun.run("data", "synth", "--out", out, "--model", "m"),
                "phi: --model and --lessons are for teacher mode: add --teacher URL");
        assertError(CliRun.run("data", "synth", "--out", out, "--teacher", "http://127.0.0.1:9/v1"),
                "phi: teacher mode needs --model NAME");
        assertError(CliRun.run("data", "synth", "--out", out, "--teacher", "http://127.0.0.1:9/v1", "--model", "m"),
                "phi: teacher mode needs --lessons N or --tokens N");
        assertError(CliRun.run("data", "synth", "--out", out, "--wordnet", dir.resolve("none").toString()),
                "phi: --wordnet " + dir.resolve("none") + ": not a directory");
    }

    private static void assertError(CliRun r, String message) {
        assertThat(r.exitCode()).as(r.out()).isEqualTo(2);
        assertThat(r.err()).isEqualTo(message + "\n");
    }

    @Test
    void trainTokenizerWritesAHuggingFaceTokenizerThatEncodesTheCorpus(@TempDir Path dir) throws IOException {
        assertThat(CliRun.run("data", "synth", "--out", dir.toString(), "--tokens", "40000").exitCode()).isZero();
        Path tok = dir.resolve("tok");
        CliRun r = CliRun.run("data", "train-tokenizer", dir.resolve("train.jsonl").toString(), "--vocab", "700",
                "--out", tok.toString());
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.out()).contains("trained 443 merges").contains("vocabulary 700 (256 bytes + 443 merged + "
                + "<|endoftext|> = id 699)");
        Tokenizer t = Tokenizers.fromHuggingFaceDir(tok);
        String text = JSON.readTree(Files.readAllLines(dir.resolve("train.jsonl")).getFirst()).get("text").asText();
        int[] ids = t.encode(text);
        assertThat(t.decode(ids)).isEqualTo(text);
        assertThat(ids.length).isLessThan(text.length() / 2); // a corpus-trained vocabulary compresses its corpus
        assertThat(t.encode("<|endoftext|>", true)).containsExactly(699);
        JsonNode config = JSON.readTree(tok.resolve("tokenizer_config.json").toFile());
        assertThat(config.get("eos_token").asText()).isEqualTo("<|endoftext|>");
        assertThat(Files.readAllLines(tok.resolve("merges.txt"))).hasSize(444).first().isEqualTo("#version: 0.2");
    }

    @Test
    void trainTokenizerUsageErrors(@TempDir Path dir) throws IOException {
        Path f = Files.writeString(dir.resolve("a.txt"), "hello hello world");
        assertError(CliRun.run("data", "train-tokenizer", f.toString(), "--vocab", "100", "--out", dir.resolve("t")
                .toString()), "phi: --vocab must be between 257 and 1000000, not 100");
        assertError(CliRun.run("data", "train-tokenizer", dir.resolve("missing.txt").toString(), "--vocab", "300",
                "--out", dir.resolve("t").toString()), "phi: " + dir.resolve("missing.txt") + ": file not found");
        CliRun small = CliRun.run("data", "train-tokenizer", f.toString(), "--vocab", "1000", "--out",
                dir.resolve("t").toString());
        assertThat(small.exitCode()).isZero();
        assertThat(small.out()).contains("note: the corpus ran out of pairs to merge before reaching 1000 tokens");
    }

    /** A teacher that echoes the required final sentence: every lesson is accepted. */
    @Test
    void synthWithATeacherEndpoint(@TempDir Path dir) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/v1/chat/completions", ex -> {
            JsonNode req = JSON.readTree(ex.getRequestBody());
            String user = req.get("messages").get(1).get("content").asText();
            String marker = "ending with this exact sentence: ";
            String reply = user.contains(marker)
                    ? (user.contains("\nProblem: ") ? "Question: " + user.substring(user.indexOf("\nProblem: ") + 10,
                    user.indexOf('\n', user.indexOf("\nProblem: ") + 10)) + "\n" : "")
                    + "Solution: Here is how. " + user.substring(user.lastIndexOf(marker) + marker.length(),
                    user.length() - 1)
                    : "Once upon a time there was a kind bear who lived in a big green forest with many friends. "
                    .repeat(4) + "\nThe moral of the story is: be kind.";
            byte[] body = JSON.writeValueAsBytes(Map.of("choices", List.of(Map.of("message",
                    Map.of("role", "assistant", "content", reply)))));
            ex.sendResponseHeaders(200, body.length);
            try (OutputStream o = ex.getResponseBody()) {
                o.write(body);
            }
        });
        server.start();
        try {
            String url = "http://127.0.0.1:" + server.getAddress().getPort() + "/v1";
            CliRun r = CliRun.run("data", "synth", "--out", dir.toString(), "--teacher", url, "--model", "fake",
                    "--lessons", "12", "--concurrency", "3", "--seed", "4");
            assertThat(r.exitCode()).as(r.err()).isZero();
            assertThat(r.out()).contains(": 12 lessons (12 new, 0 from a previous run)").contains("0 rejected, 0 failed;"
                    + " 12 requests, 0 cache hits, 0 retries");
            CliRun again = CliRun.run("data", "synth", "--out", dir.toString(), "--teacher", url, "--model", "fake",
                    "--lessons", "12", "--seed", "4");
            assertThat(again.out()).contains(": 12 lessons (0 new, 12 from a previous run)").contains("0 requests");
            assertThat(Files.readAllLines(dir.resolve("teacher-train.jsonl"), StandardCharsets.UTF_8)).hasSize(12);
        } finally {
            server.stop(0);
        }
    }
}
