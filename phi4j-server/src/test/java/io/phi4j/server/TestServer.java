package io.phi4j.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.phi4j.Model;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A real server on a free loopback port over the small reference Phi-2 model (hidden 256, vocabulary 512, with
 * a tokenizer), copied from phi4j-core's test resources; plus raw-HTTP helpers.
 */
final class TestServer implements AutoCloseable {
    static final String MODEL_RESOURCE = "reference/small-phi2/small-phi2-Q8_0.gguf";
    static final String MODEL_ID = "small-phi2";
    static final ObjectMapper MAPPER = new ObjectMapper();

    final Model model;
    final PhiServer server;
    final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final Path file;

    private TestServer(Path file, Model model, PhiServer server) {
        this.file = file;
        this.model = model;
        this.server = server;
    }

    static ServerConfig config() {
        return ServerConfig.defaults(MODEL_ID).withPort(0).withContextSize(512)
                .withHeartbeat(Duration.ofMillis(100)).withShutdownGrace(Duration.ofSeconds(5));
    }

    static TestServer start(ServerConfig config) throws IOException {
        Path file = copyModel();
        Model model = Model.load(file);
        return new TestServer(file, model, PhiServer.start(model, config));
    }

    static Path copyModel() throws IOException {
        Path file = Files.createTempFile("phi4j-server-test", ".gguf");
        try (InputStream in = TestServer.class.getClassLoader().getResourceAsStream(MODEL_RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("missing test resource " + MODEL_RESOURCE);
            }
            Files.copy(in, file, StandardCopyOption.REPLACE_EXISTING);
        }
        return file;
    }

    String baseUrl() {
        return server.baseUri().toString();
    }

    /** {@code http://host:port} without /v1. */
    String root() {
        String b = baseUrl();
        return b.substring(0, b.length() - 3);
    }

    HttpResponse<String> post(String path, String body, String... headers) throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(root() + path))
                .timeout(Duration.ofSeconds(60))
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (headers.length > 0) {
            b.headers(headers);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> get(String path, String... headers) throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(root() + path)).timeout(Duration.ofSeconds(60)).GET();
        if (headers.length > 0) {
            b.headers(headers);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    static JsonNode json(String s) throws IOException {
        return MAPPER.readTree(s);
    }

    /** The JSON objects of an event stream's {@code data:} lines, without {@code [DONE]} (which must end it). */
    static List<JsonNode> events(String sse) throws IOException {
        List<JsonNode> out = new ArrayList<>();
        boolean done = false;
        for (String line : sse.split("\n")) {
            if (!line.startsWith("data: ")) {
                continue;
            }
            if (done) {
                throw new AssertionError("data after [DONE]: " + line);
            }
            String data = line.substring(6);
            if (data.equals("[DONE]")) {
                done = true;
            } else {
                out.add(MAPPER.readTree(data));
            }
        }
        if (!done) {
            throw new AssertionError("the stream did not end with data: [DONE]:\n" + sse);
        }
        return out;
    }

    /** A metric's value from /metrics text (the first series whose name and labels start with {@code series}). */
    double metric(String series) throws IOException, InterruptedException {
        for (String line : get("/metrics").body().split("\n")) {
            if (line.startsWith(series + " ") || (line.startsWith(series) && series.endsWith("}"))) {
                return Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            }
        }
        return 0;
    }

    @Override
    public void close() throws IOException {
        server.close();
        model.close();
        Files.deleteIfExists(file);
    }
}
