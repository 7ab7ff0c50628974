package io.phi4j.data.teacher;

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
 * A tiny OpenAI-compatible chat-completions server on 127.0.0.1 (random port) that answers like a well-behaved
 * teacher, and misbehaves on purpose: depending on the request's seed, the first attempt gets HTTP 500, HTTP 429
 * with Retry-After, a body that is not JSON, or a dropped connection.
 */
final class FakeTeacher implements AutoCloseable {
    enum Fault { NONE, HTTP_500, HTTP_429, GARBAGE, DROP }

    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpServer server;
    /** Every request body received, in arrival order. */
    final List<String> bodies = new CopyOnWriteArrayList<>();
    final AtomicInteger ok = new AtomicInteger();
    private final Map<String, AtomicInteger> attempts = new ConcurrentHashMap<>();
    /** Fault for the first attempt of a request, by request seed. */
    volatile Function<Long, Fault> firstAttemptFault = seed -> Fault.values()[(int) (seed % 5)];
    /** Seeds that fail on every attempt. */
    volatile Function<Long, Boolean> alwaysFails = seed -> false;
    /** Seeds whose solution ends with a wrong answer. */
    volatile Function<Long, Boolean> wrongAnswer = seed -> seed % 11 == 3;
    /** When set, every request gets this HTTP status. */
    volatile int forcedStatus;

    FakeTeacher() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/v1/chat/completions", this::handle);
        server.setExecutor(Executors.newFixedThreadPool(8));
        server.start();
    }

    URI url() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/v1");
    }

    private void handle(HttpExchange ex) throws IOException {
        String body = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        bodies.add(body);
        JsonNode req = JSON.readTree(body);
        long seed = req.get("seed").asLong();
        int attempt = attempts.computeIfAbsent(body, k -> new AtomicInteger()).incrementAndGet();
        if (forcedStatus != 0) {
            send(ex, forcedStatus, "{\"error\":{\"message\":\"invalid api key\"}}");
            return;
        }
        Fault fault = alwaysFails.apply(seed) ? Fault.HTTP_500 : attempt == 1 ? firstAttemptFault.apply(seed)
                : Fault.NONE;
        switch (fault) {
            case HTTP_500 -> send(ex, 500, "{\"error\":\"overloaded\"}");
            case HTTP_429 -> {
                ex.getResponseHeaders().add("Retry-After", "0");
                send(ex, 429, "{\"error\":\"rate limited\"}");
            }
            case GARBAGE -> send(ex, 200, "<html>502 Bad Gateway</html>");
            case DROP -> ex.close();
            case NONE -> {
                String user = req.get("messages").get(1).get("content").asText();
                ok.incrementAndGet();
                send(ex, 200, JSON.writeValueAsString(Map.of("id", "fake", "object", "chat.completion",
                        "choices", List.of(Map.of("index", 0, "finish_reason", "stop",
                                "message", Map.of("role", "assistant", "content", reply(user, seed)))))));
            }
        }
    }

    private String reply(String user, long seed) {
        if (user.startsWith("Write a short story")) {
            return "Once upon a time, a little fox named Red found a shiny stone by the river. She wanted to keep it"
                    + " all to herself.\n\nHer friend Owl asked to see it. Red said no, and Owl flew away sad. Red"
                    + " sat alone and the stone did not feel shiny anymore.\n\nThe next day Red gave the stone to"
                    + " Owl to hold. They laughed and played by the river until the sun went down.\n\n"
                    + "The moral of the story is: sharing makes friends happy. (seed " + seed + ")";
        }
        String marker = "ending with this exact sentence: ";
        int i = user.lastIndexOf(marker);
        String ending = user.substring(i + marker.length(), user.length() - 1);
        if (wrongAnswer.apply(seed)) {
            ending = "The answer is 12345.";
        }
        if (user.contains("\nProblem: ")) {
            int p = user.indexOf("\nProblem: ") + "\nProblem: ".length();
            String question = user.substring(p, user.indexOf('\n', p));
            return "Question: Here is a new one (" + seed + "). " + question + "\nSolution: Let us work it out"
                    + " carefully.\n" + ending;
        }
        return "Solution: Let us think about it step by step (" + seed + "). " + ending;
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
