package io.phi4j.server;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpExchange;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * The response side of one exchange. A reply is either sent whole (status, Content-Length, body) or opened as
 * a chunked stream whose status is then fixed at 200; {@link #committed()} tells which. Every write is flushed:
 * a write that fails means the client has gone, which is how a server on {@code com.sun.net.httpserver} learns
 * of a disconnect.
 */
final class Reply {
    private final HttpExchange exchange;
    private final Metrics metrics;
    private final String endpoint;
    private OutputStream stream;
    private int status;
    private long lastWrite = System.nanoTime();

    Reply(HttpExchange exchange, Metrics metrics, String endpoint) {
        this.exchange = exchange;
        this.metrics = metrics;
        this.endpoint = endpoint;
    }

    boolean committed() {
        return status != 0;
    }

    int status() {
        return status;
    }

    void json(int code, JsonNode body) throws IOException {
        send(code, "application/json", toJson(body));
    }

    void error(ApiException e) throws IOException {
        if (e.retryAfter > 0) {
            exchange.getResponseHeaders().set("Retry-After", Integer.toString(e.retryAfter));
        }
        if (e.status == 401) {
            exchange.getResponseHeaders().set("WWW-Authenticate", "Bearer");
        }
        json(e.status, OpenAiJson.error(e));
    }

    void send(int code, String contentType, String body) throws IOException {
        send(code, contentType, body.getBytes(StandardCharsets.UTF_8));
    }

    void send(int code, String contentType, byte[] bytes) throws IOException {
        if (committed()) {
            throw new IllegalStateException("reply already started");
        }
        exchange.getResponseHeaders().set("Content-Type", contentType);
        record(code);
        boolean head = exchange.getRequestMethod().equals("HEAD") || code == 204;
        exchange.sendResponseHeaders(code, head ? -1 : bytes.length);
        if (!head) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        }
        exchange.close();
    }

    /** Starts a 200 chunked body (an event stream, or a JSON body kept alive while it is computed). */
    void open(String contentType) throws IOException {
        if (committed()) {
            return;
        }
        exchange.getResponseHeaders().set("Content-Type", contentType);
        if (contentType.startsWith("text/event-stream")) {
            exchange.getResponseHeaders().set("Cache-Control", "no-cache");
        }
        record(200);
        exchange.sendResponseHeaders(200, 0);
        stream = exchange.getResponseBody();
    }

    void write(String text) throws IOException {
        stream.write(text.getBytes(StandardCharsets.UTF_8));
        stream.flush();
        lastWrite = System.nanoTime();
    }

    /** Nanoseconds since the last write (or since this reply was created). */
    long idleNanos() {
        return System.nanoTime() - lastWrite;
    }

    void finish() {
        if (stream != null) {
            try {
                stream.close();
            } catch (IOException ignored) {
                // the client is gone; nothing left to tell it
            }
        }
        exchange.close();
    }

    private void record(int code) {
        status = code;
        metrics.request(endpoint, code);
    }

    static String toJson(JsonNode node) {
        try {
            return OpenAiJson.MAPPER.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
