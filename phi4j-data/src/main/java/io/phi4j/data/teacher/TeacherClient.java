package io.phi4j.data.teacher;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.phi4j.PhiException;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;

/**
 * POSTs chat-completion requests to an OpenAI-compatible endpoint and returns the reply text, retrying what is
 * worth retrying: connection errors and timeouts, HTTP 408/409/425/429 and 5xx, and replies that are not the
 * expected JSON. Backoff doubles per attempt from {@code retryBase} (at most 30 s) with jitter, or follows a
 * {@code Retry-After} header. Other HTTP errors (a wrong URL, a bad key, an unknown model) would fail every request
 * alike, so they stop the run with a {@link PhiException} at once.
 */
public final class TeacherClient {
    /** Raised when every attempt failed with a retryable error. */
    public static final class GaveUp extends Exception {
        GaveUp(String message) {
            super(message);
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long MAX_DELAY_MS = 30_000;

    private final HttpClient http;
    private final URI url;
    private final String apiKey;
    private final int attempts;
    private final Duration retryBase;
    private final Duration timeout;
    final AtomicLong requests = new AtomicLong();
    final AtomicLong retries = new AtomicLong();

    /** Waits before each HTTP request (retries included), e.g. for a rate limit. */
    @FunctionalInterface
    public interface Throttle {
        void acquire() throws InterruptedException;
    }

    private final Throttle throttle;

    public TeacherClient(URI url, String apiKey, int attempts, Duration retryBase, Duration timeout) {
        this(url, apiKey, attempts, retryBase, timeout, () -> { });
    }

    public TeacherClient(URI url, String apiKey, int attempts, Duration retryBase, Duration timeout, Throttle throttle) {
        this.throttle = throttle;
        this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(30)).version(HttpClient.Version.HTTP_1_1)
                .build();
        this.url = url;
        this.apiKey = apiKey;
        this.attempts = attempts;
        this.retryBase = retryBase;
        this.timeout = timeout;
    }

    /** HTTP requests sent so far (retries included). */
    public long requestCount() {
        return requests.get();
    }

    /** Attempts after the first, so far. */
    public long retryCount() {
        return retries.get();
    }

    /** The URL requests go to. */
    public URI url() {
        return url;
    }

    /** The assistant message of the first choice. */
    public String complete(String body) throws GaveUp, InterruptedException {
        String lastError = "";
        for (int attempt = 1; attempt <= attempts; attempt++) {
            if (attempt > 1) {
                retries.incrementAndGet();
            }
            long retryAfterMs = -1;
            try {
                HttpRequest.Builder b = HttpRequest.newBuilder(url).timeout(timeout)
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
                if (apiKey != null && !apiKey.isBlank()) {
                    b.header("Authorization", "Bearer " + apiKey);
                }
                throttle.acquire();
                requests.incrementAndGet();
                HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
                int code = r.statusCode();
                if (code == 200) {
                    String content = content(r.body());
                    if (content != null) {
                        return content;
                    }
                    lastError = "reply is not a chat completion: " + abbreviate(r.body());
                } else if (code == 408 || code == 409 || code == 425 || code == 429 || code >= 500) {
                    lastError = "HTTP " + code;
                    retryAfterMs = retryAfter(r.headers().firstValue("Retry-After"));
                } else {
                    throw new PhiException("teacher " + url + ": HTTP " + code + ": " + abbreviate(r.body()));
                }
            } catch (IOException e) {
                lastError = e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
            }
            if (attempt < attempts) {
                Thread.sleep(retryAfterMs >= 0 ? retryAfterMs : backoff(attempt));
            }
        }
        throw new GaveUp("gave up after " + attempts + " attempts: " + lastError);
    }

    private long backoff(int attempt) {
        long d = Math.min(MAX_DELAY_MS, retryBase.toMillis() << Math.min(attempt - 1, 20));
        return d / 2 + ThreadLocalRandom.current().nextLong(d / 2 + 1);
    }

    private static long retryAfter(Optional<String> header) {
        if (header.isEmpty()) {
            return -1;
        }
        try {
            return Math.min(MAX_DELAY_MS, Math.max(0, (long) (Double.parseDouble(header.get().trim()) * 1000)));
        } catch (NumberFormatException e) {
            return -1; // an HTTP date: fall back to our own backoff
        }
    }

    /** {@code choices[0].message.content}, or null if the body is not that shape. */
    static String content(String body) {
        try {
            JsonNode n = JSON.readTree(body);
            JsonNode c = n == null ? null : n.path("choices").path(0).path("message").path("content");
            return c != null && c.isTextual() ? c.asText() : null;
        } catch (IOException e) {
            return null;
        }
    }

    private static String abbreviate(String s) {
        String t = s == null ? "" : s.replaceAll("\\s+", " ").strip();
        return t.length() > 200 ? t.substring(0, 200) + "…" : t;
    }
}
