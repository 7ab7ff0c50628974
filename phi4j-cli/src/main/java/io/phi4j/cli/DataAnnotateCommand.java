package io.phi4j.cli;

import io.phi4j.PhiException;
import io.phi4j.data.quality.AnnotateOptions;
import io.phi4j.data.quality.Annotator;
import io.phi4j.data.quality.JudgePrompt;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.PrintWriter;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;

@Command(name = "annotate", mixinStandardHelpOptions = true,
        description = {"Score documents for educational value with an LLM judge (FineWeb-Edu's additive 0-5 prompt,"
                + " or Phi-1's 'basic coding concepts' variant for code) on any OpenAI-compatible endpoint.",
                "Writes each document with \"edu_score\" and \"edu_reason\" added to --out; documents whose replies"
                        + " have no usable score go to OUT.rejected.jsonl. Concurrent, rate-limited, retried, cached"
                        + " (OUT.cache/) and resumable: run it again to finish an interrupted run."},
        footerHeading = "%nExamples:%n",
        footer = {"  phi data annotate web.jsonl --out ann.jsonl --endpoint http://localhost:8080/v1 --model phi-2 --sample 500",
                "  phi data annotate code.jsonl --out ann.jsonl --endpoint https://api.example.com/v1 --model judge"
                        + " --prompt code --rate 5 --api-key-env JUDGE_KEY"})
final class DataAnnotateCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "IN.jsonl", description = "Documents: JSON lines with \"id\" and \"text\".")
    Path in;

    @Option(names = "--out", required = true, paramLabel = "FILE", description = "Annotated documents (JSONL, appended to on resume).")
    Path out;

    @Option(names = "--endpoint", required = true, paramLabel = "URL",
            description = "OpenAI-compatible API base URL (e.g. http://localhost:8080/v1); POSTs to URL/chat/completions.")
    URI endpoint;

    @Option(names = "--model", required = true, paramLabel = "NAME", description = "Judge model name.")
    String model;

    @Option(names = "--sample", paramLabel = "N", description = "Annotate a random sample of N documents (default: all).")
    Integer sample;

    @Option(names = "--seed", paramLabel = "S", defaultValue = "1", description = "Seed of the sample (default 1).")
    long seed;

    @Option(names = "--prompt", paramLabel = "edu|code", defaultValue = "edu",
            description = "edu: FineWeb-Edu's web-page prompt; code: Phi-1's coding-student variant (default edu).")
    String prompt;

    @Option(names = "--concurrency", paramLabel = "N", defaultValue = "8", description = "Requests in flight (default 8).")
    int concurrency;

    @Option(names = "--rate", paramLabel = "R", description = "At most R requests per second (retries included); default: no limit.")
    Double rate;

    @Option(names = "--api-key-env", paramLabel = "VAR", defaultValue = "OPENAI_API_KEY",
            description = "Environment variable holding the API key, if the endpoint needs one (default OPENAI_API_KEY).")
    String apiKeyEnv;

    @Option(names = "--retries", paramLabel = "N", defaultValue = "6", description = "HTTP attempts per request (default 6).")
    int retries;

    @Option(names = "--judge-attempts", paramLabel = "N", defaultValue = "2",
            description = "Questions per document when the reply has no parsable score (default 2).")
    int judgeAttempts;

    @Option(names = "--temperature", paramLabel = "T", defaultValue = "0", description = "Judge temperature (default 0).")
    double temperature;

    @Option(names = "--max-tokens", paramLabel = "N", defaultValue = "256", description = "Reply length limit (default 256).")
    int maxTokens;

    @Option(names = "--max-chars", paramLabel = "N", defaultValue = "8000",
            description = "Cut documents to N characters in the prompt (default 8000).")
    int maxChars;

    @Option(names = "--cache", paramLabel = "DIR", description = "Reply cache directory (default: OUT.cache).")
    Path cache;

    @Option(names = "--retry-base-ms", paramLabel = "MS", defaultValue = "500", hidden = true)
    long retryBaseMs;

    @Mixin
    QuietOption quiet;

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        if (concurrency < 1 || concurrency > 256) {
            throw new PhiException("--concurrency must be between 1 and 256, not " + concurrency);
        }
        if (rate != null && !(rate > 0 && rate < 1e6)) {
            throw new PhiException("--rate must be a positive number of requests per second, not " + rate);
        }
        if (retries < 1 || judgeAttempts < 1) {
            throw new PhiException("--retries and --judge-attempts must be at least 1");
        }
        if (maxChars < 100) {
            throw new PhiException("--max-chars must be at least 100, not " + maxChars);
        }
        if (sample != null && sample < 1) {
            throw new PhiException("--sample must be at least 1, not " + sample);
        }
        AnnotateOptions o = new AnnotateOptions(endpoint, model, System.getenv(apiKeyEnv), JudgePrompt.named(prompt),
                sample, seed, concurrency, rate == null ? 0 : rate, retries, Duration.ofMillis(retryBaseMs),
                judgeAttempts, temperature, maxTokens, maxChars, cache);
        Annotator.Result r = new Annotator(o, in, out).run(new DocumentProgress(quiet.progress()));
        PrintWriter w = spec.commandLine().getOut();
        w.printf("wrote %s: %d documents annotated (%d new, %d from a previous run); %d rejected (no usable score,"
                        + " see %s), %d failed; %d requests, %d cache hits, %d retries, %.1f s%n",
                r.out(), r.annotated(), r.newAnnotated(), r.resumed(), r.rejected(), r.rejectedFile(), r.failed(),
                r.requests(), r.cacheHits(), r.retries(), r.seconds());
        StringBuilder hist = new StringBuilder("scores:");
        for (int s = 0; s < 6; s++) {
            hist.append(' ').append(s).append(": ").append(r.scores()[s]);
        }
        w.println(hist);
        if (r.lastFailure() != null) {
            w.println("last failure: " + r.lastFailure() + " (run again to retry the failed documents)");
        }
        w.flush();
        return r.failed() > 0 ? Main.EXIT_FAILURE : Main.EXIT_OK;
    }
}
