package io.phi4j.data.quality;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;

/**
 * Settings of an annotation run.
 *
 * @param endpoint API base URL ({@code …/v1}) or the full chat-completions URL
 * @param apiKey bearer token, or null
 * @param sample annotate a seeded random sample of this many documents, or null for all
 * @param rate requests per second (token bucket, burst = concurrency), or 0 for no limit
 * @param attempts HTTP tries per request (connection errors, 429, 5xx, malformed replies)
 * @param judgeAttempts requests per document when the reply has no parsable score; later ones ask again with
 *     another seed and some temperature, so a deterministic judge does not repeat itself
 * @param maxChars documents are cut to this many characters in the prompt
 * @param cacheDir reply cache (default: {@code OUT.cache} beside the output)
 */
public record AnnotateOptions(URI endpoint, String model, String apiKey, JudgePrompt prompt, Integer sample, long seed,
                              int concurrency, double rate, int attempts, Duration retryBase, int judgeAttempts,
                              double temperature, int maxTokens, int maxChars, Path cacheDir) {
    public AnnotateOptions {
        if (concurrency < 1 || attempts < 1 || judgeAttempts < 1) {
            throw new IllegalArgumentException("concurrency and attempts must be at least 1");
        }
    }
}
