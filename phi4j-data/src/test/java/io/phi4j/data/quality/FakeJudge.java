package io.phi4j.data.quality;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * An OpenAI-compatible chat-completions server on 127.0.0.1 that judges like a scripted model: the reply for a
 * document is {@code script(text)}; first attempts can be made to fail with HTTP 429 + Retry-After, HTTP 500 or a
 * body that is not a chat completion, by a rule on the document text.
 */
final class FakeJudge implements AutoCloseable {
    enum Fault { NONE, HTTP_429, HTTP_500, MALFORMED }

    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpServer server;
    final List<String> bodies = new CopyOnWriteArrayList<>();
    final List<Long> arrivalNanos = new CopyOnWriteArrayList<>();
    private final Map<String, AtomicInteger> attempts = new ConcurrentHashMap<>();
    volatile Function<String, String> script = text -> "Looks fine.\nEducational score: 3";
    volatile Function<String, Fault> firstAttemptFault = text -> Fault.NONE;
    volatile Function<String, Boolean> alwaysFails = text -> false;

    FakeJudge() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/v1/chat/completions", this::handle);
        server.setExecutor(Executors.newFixedThreadPool(8));
        server.start();
    }

    URI url() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/v1");
    }

    /** The extract inside a request's prompt. */
    static String extract(String body) throws IOException {
        String user = JSON.readTree(body).at("/messages/0/content").asText();
        int a = user.indexOf("The extract:\n") + "The extract:\n".length();
        return user.substring(a, user.indexOf(".\n\nAfter examining the extract:", a));
    }

    private void handle(HttpExchange ex) throws IOException {
        String body = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        bodies.add(body);
        arrivalNanos.add(System.nanoTime());
        JsonNode req = JSON.readTree(body);
        String text = extract(body);
        int attempt = attempts.computeIfAbsent(body, k -> new AtomicInteger()).incrementAndGet();
        Fault fault = alwaysFails.apply(text) ? Fault.HTTP_500 : attempt == 1 ? firstAttemptFault.apply(text) : Fault.NONE;
        switch (fault) {
            case HTTP_429 -> {
                ex.getResponseHeaders().add("Retry-After", "0");
                send(ex, 429, "{\"error\":\"rate limited\"}");
            }
            case HTTP_500 -> send(ex, 500, "{\"error\":\"overloaded\"}");
            case MALFORMED -> send(ex, 200, "{\"choices\": [ {\"message\": ");
            case NONE -> {
                String reply = script.apply(text + (req.has("seed") ? "#seed" + req.get("seed").asInt() : ""));
                send(ex, 200, JSON.writeValueAsString(Map.of("id", "fake", "object", "chat.completion",
                        "model", req.get("model").asText(),
                        "choices", List.of(Map.of("index", 0, "finish_reason", "stop",
                                "message", Map.of("role", "assistant", "content", reply))))));
            }
        }
    }

    private static void send(HttpExchange ex, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().add("Content-Type", "application/json");
        ex.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(bytes);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
