package io.phi4j.data.teacher;

import java.net.URI;
import java.time.Duration;

/**
 * Settings of a teacher run.
 *
 * @param endpoint API base URL (requests go to {@code endpoint/chat/completions}) or the full completions URL
 * @param apiKey bearer token, or null for servers that need none (a local {@code phi serve})
 * @param concurrency requests in flight
 * @param attempts tries per request before the item counts as failed
 * @param retryBase first backoff delay; it doubles per attempt (capped at 30 s), with jitter
 * @param lessons items to request, or null for as many as {@code tokens} needs
 * @param tokens stop requesting once this many tokens are written, or null for no limit
 */
public record TeacherOptions(URI endpoint, String model, String apiKey, int concurrency, double temperature,
                             int maxTokens, int attempts, Duration retryBase, Long lessons, Long tokens) {
    public TeacherOptions {
        if (lessons == null && tokens == null) {
            throw new IllegalArgumentException("teacher mode needs a number of lessons or tokens");
        }
        if (concurrency < 1 || attempts < 1) {
            throw new IllegalArgumentException("concurrency and attempts must be at least 1");
        }
    }

    /** The chat completions URL. */
    public URI completionsUrl() {
        return completionsUrl(endpoint);
    }

    /** {@code endpoint/chat/completions}, unless {@code endpoint} already is the completions URL. */
    public static URI completionsUrl(URI endpoint) {
        String s = endpoint.toString();
        if (s.endsWith("/chat/completions")) {
            return endpoint;
        }
        return URI.create(s.endsWith("/") ? s + "chat/completions" : s + "/chat/completions");
    }
}
