package io.phi4j.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ServeCommandTest {
    @TempDir
    static Path dir;
    private static Path model;

    @BeforeAll
    static void setUp() throws IOException {
        model = TestModels.copy(TestModels.SMALL, dir);
    }

    @Test
    void badOptionsAreOneLineErrors() {
        CliRun port = CliRun.run("serve", "-m", model.toString(), "--port", "70000");
        assertThat(port.exitCode()).isEqualTo(Main.EXIT_USAGE);
        assertThat(port.err().strip()).isEqualTo("phi: port must be between 0 and 65535, got 70000");
        CliRun template = CliRun.run("serve", "-m", model.toString(), "--chat-template", "llama3");
        assertThat(template.exitCode()).isEqualTo(Main.EXIT_USAGE);
        assertThat(template.err()).startsWith("phi: unknown chat template 'llama3'");
        CliRun parallel = CliRun.run("serve", "-m", model.toString(), "--parallel", "0");
        assertThat(parallel.err().strip()).isEqualTo("phi: parallel slots must be between 1 and 256, got 0");
        CliRun noModel = CliRun.run("serve", "-m", dir.resolve("nope.gguf").toString());
        assertThat(noModel.err().strip()).isEqualTo("phi: model not found: " + dir.resolve("nope.gguf"));
    }

    /** The real command in its own JVM: serves, then on SIGTERM lets the running stream finish and exits. */
    @Test
    void servesAndShutsDownGracefullyOnSigterm() throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> cmd = new ArrayList<>(List.of(java, "--add-modules", "jdk.incubator.vector",
                "-cp", System.getProperty("java.class.path"), "io.phi4j.cli.Main", "serve", "-m", model.toString(),
                "--port", "0", "--ctx", "512", "--alias", "tiny", "--shutdown-grace", "30"));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectError(dir.resolve("serve.err").toFile());
        pb.environment().put("PHI_API_KEY", "k3y");
        Process p = pb.start();
        try {
            BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
            String banner = out.readLine();
            assertThat(banner).startsWith("phi: serving tiny at http://127.0.0.1:").contains("4 slots x 512 tokens")
                    .endsWith(", API key required)");
            Matcher m = Pattern.compile("at (http://\\S+/v1) ").matcher(banner);
            assertThat(m.find()).isTrue();
            String base = m.group(1);
            assertThat(out.readLine()).isEqualTo("phi: chat page at " + base.substring(0, base.length() - 2));
            HttpClient http = HttpClient.newHttpClient();
            HttpResponse<String> refused = http.send(HttpRequest.newBuilder(URI.create(base + "/models")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(refused.statusCode()).as("PHI_API_KEY is required").isEqualTo(401);
            HttpResponse<String> models = http.send(HttpRequest.newBuilder(URI.create(base + "/models"))
                    .header("Authorization", "Bearer k3y").build(), HttpResponse.BodyHandlers.ofString());
            assertThat(new ObjectMapper().readTree(models.body()).at("/data/0/id").asText()).isEqualTo("tiny");

            HttpRequest streamReq = HttpRequest.newBuilder(URI.create(base + "/completions"))
                    .header("Authorization", "Bearer k3y").POST(HttpRequest.BodyPublishers
                    .ofString("{\"prompt\": \"Once\", \"max_tokens\": 300, \"ignore_eos\": true, \"stream\": true}")).build();
            HttpResponse<Stream<String>> stream = http.send(streamReq, HttpResponse.BodyHandlers.ofLines());
            List<String> lines = new ArrayList<>();
            var it = stream.body().iterator();
            boolean signalled = false;
            while (it.hasNext()) {
                String line = it.next();
                lines.add(line);
                if (line.startsWith("data: ") && !signalled) { // (a ": keep-alive" comment may come first)
                    p.destroy(); // SIGTERM once the stream is under way
                    signalled = true;
                }
            }
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                Process js = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "jstack").toString(),
                        Long.toString(p.pid())).redirectErrorStream(true).start();
                System.err.println(new String(js.getInputStream().readAllBytes()));
                System.err.println(Files.readString(dir.resolve("serve.err")));
            }
            assertThat(p.isAlive()).isFalse();
            assertThat(p.exitValue()).as("killed by SIGTERM after the shutdown hook").isEqualTo(143);
            List<String> data = lines.stream().filter(l -> l.startsWith("data: ")).toList();
            assertThat(data.getLast()).isEqualTo("data: [DONE]");
            JsonNode last = new ObjectMapper().readTree(data.get(data.size() - 2).substring(6));
            assertThat(last.at("/choices/0/finish_reason").asText()).as("the stream ran to its end").isEqualTo("length");
            assertThatThrownBy(() -> http.send(HttpRequest.newBuilder(URI.create(base + "/models"))
                    .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString()))
                    .isInstanceOf(ConnectException.class);
        } finally {
            p.destroyForcibly();
        }
    }
}
