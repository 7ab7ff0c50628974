package io.phi4j.data.quality;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.phi4j.PhiException;
import io.phi4j.convert.Progress;
import io.phi4j.data.teacher.AppendLog;
import io.phi4j.data.teacher.ResponseCache;
import io.phi4j.data.teacher.TeacherClient;
import io.phi4j.data.teacher.TeacherOptions;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

/**
 * LLM-as-judge annotation: asks an OpenAI-compatible endpoint to score each document (or a seeded sample) with a
 * {@link JudgePrompt}, concurrently and rate-limited, through the teacher client (retries with backoff and
 * Retry-After), the on-disk reply cache and fsync'ed append logs of {@code io.phi4j.data.teacher}. Each document
 * ends up in exactly one of two files: {@code OUT} (the document plus {@code edu_score} and {@code edu_reason}) or
 * {@code OUT.rejected.jsonl} ({@code id}, {@code reason}, last {@code reply}) when no reply had a usable score.
 * Documents whose requests kept failing are in neither, are counted, and are tried again by the next run. A
 * restarted run cuts a torn last line and skips every id already recorded; replies that reached the cache but not
 * the file cost no new request. Lines are written in completion order, not input order.
 */
public final class Annotator {
    /** What a run did. {@code scores[s]} counts documents (old and new) scored {@code s}. */
    public record Result(Path out, Path rejectedFile, long annotated, long newAnnotated, long resumed, long rejected,
                         long failed, long requests, long cacheHits, long retries, long[] scores, double seconds,
                         String lastFailure) {
    }

    public static final String SCORE_FIELD = "edu_score";
    public static final String REASON_FIELD = "edu_reason";
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(300);
    private static final int FAILURES_BEFORE_GIVING_UP = 8;

    private final AnnotateOptions options;
    private final Path in;
    private final Path out;
    private Consumer<String> afterAppend = id -> { };

    public Annotator(AnnotateOptions options, Path in, Path out) {
        this.options = options;
        this.in = in;
        this.out = out;
    }

    /** Test hook: called after each line is durably appended (a test throws from it to simulate a crash). */
    void afterAppend(Consumer<String> hook) {
        this.afterAppend = hook;
    }

    public static Path rejectedFile(Path out) {
        String name = out.getFileName().toString();
        String base = name.endsWith(".jsonl") ? name.substring(0, name.length() - 6) : name;
        return out.resolveSibling(base + ".rejected.jsonl");
    }

    public static Path defaultCacheDir(Path out) {
        return out.resolveSibling(out.getFileName() + ".cache");
    }

    public Result run(Progress progress) {
        if (!Files.isRegularFile(in)) {
            throw new PhiException(in + ": no such file");
        }
        try {
            Path dir = out.toAbsolutePath().getParent();
            if (dir != null) {
                Files.createDirectories(dir);
            }
        } catch (IOException e) {
            throw new PhiException(out + ": cannot create its directory: " + e.getMessage(), e);
        }
        return new Run(progress).execute();
    }

    /** The state of one run. */
    private final class Run {
        final long start = System.nanoTime();
        final Progress progress;
        final Path rejectedFile = rejectedFile(out);
        final AtomicLongArray scores = new AtomicLongArray(6);
        final Set<String> done = new HashSet<>();
        final Set<String> seenIds = new HashSet<>();
        final AtomicLong newAnnotated = new AtomicLong();
        final AtomicLong rejected = new AtomicLong();
        final AtomicLong failed = new AtomicLong();
        final AtomicLong cacheHits = new AtomicLong();
        final AtomicReference<Throwable> fatal = new AtomicReference<>();
        final AtomicReference<String> lastFailure = new AtomicReference<>();
        final ResponseCache cache = new ResponseCache(options.cacheDir() != null ? options.cacheDir() : defaultCacheDir(out));
        final TeacherClient client;
        final Semaphore slots = new Semaphore(options.concurrency());
        final ExecutorService pool = Executors.newFixedThreadPool(options.concurrency());
        long resumed;
        long resumedRejected;
        AppendLog annotated;
        AppendLog rejects;

        Run(Progress progress) {
            this.progress = progress;
            TeacherClient.Throttle throttle = options.rate() > 0
                    ? new RateLimiter(options.rate(), options.concurrency()) : () -> { };
            client = new TeacherClient(TeacherOptions.completionsUrl(options.endpoint()), options.apiKey(),
                    options.attempts(), options.retryBase(), REQUEST_TIMEOUT, throttle);
        }

        Result execute() {
            recover();
            long[] sample = options.sample() == null ? null : LineSample.of(in, options.sample(), options.seed());
            progress.start("Annotating", sample != null ? sample.length : countLines(in));
            progress.advance(done.size());
            try (AppendLog a = new AppendLog(out); AppendLog r = new AppendLog(rejectedFile);
                 DocumentReader docs = new DocumentReader(in)) {
                annotated = a;
                rejects = r;
                try {
                    submitAll(docs, sample);
                } finally {
                    // In-flight requests finish (and append) before the logs close, even when submitting failed.
                    pool.shutdown();
                    while (!pool.awaitTermination(1, TimeUnit.SECONDS)) {
                        if (fatal.get() != null) {
                            pool.shutdownNow();
                        }
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new PhiException("interrupted");
            } finally {
                pool.shutdownNow();
                progress.finish();
            }
            Throwable t = fatal.get();
            if (t instanceof RuntimeException re) {
                throw re;
            }
            if (t instanceof Error err) {
                throw err;
            }
            if (t != null) {
                throw new PhiException("annotation failed: " + t, t);
            }
            long[] hist = new long[6];
            long total = 0;
            for (int s = 0; s < 6; s++) {
                hist[s] = scores.get(s);
                total += hist[s];
            }
            return new Result(out, rejectedFile, total, newAnnotated.get(), resumed, rejected.get(), failed.get(),
                    client.requestCount(), cacheHits.get(), client.retryCount(), hist,
                    (System.nanoTime() - start) / 1e9, lastFailure.get());
        }

        /** Reads what earlier runs recorded (cutting a torn last line) so that it is skipped. */
        void recover() {
            int lineNo = 0;
            for (String line : AppendLog.recover(out)) {
                lineNo++;
                Document d = DocumentReader.parse(line, out + ": line " + lineNo, lineNo);
                JsonNode s = d.json().get(SCORE_FIELD);
                if (s == null || !s.canConvertToInt() || s.asInt() < 0 || s.asInt() > 5) {
                    throw new PhiException(out + ": line " + lineNo + ": no \"" + SCORE_FIELD
                            + "\" 0–5: not an annotation file");
                }
                done.add(d.id());
                scores.incrementAndGet(s.asInt());
            }
            resumed = lineNo;
            lineNo = 0;
            for (String line : AppendLog.recover(rejectedFile)) {
                lineNo++;
                try {
                    done.add(DocumentReader.JSON.readTree(line).get("id").asText());
                } catch (IOException | RuntimeException e) {
                    throw new PhiException(rejectedFile + ": line " + lineNo + ": not a rejection record");
                }
                rejected.incrementAndGet();
            }
            resumedRejected = rejected.get();
        }

        void submitAll(DocumentReader docs, long[] sample) {
            int next = 0;
            while (docs.hasNext() && fatal.get() == null) {
                Document d = docs.next();
                if (sample != null) {
                    while (next < sample.length && sample[next] < d.line()) {
                        next++;
                    }
                    if (next == sample.length) {
                        break;
                    }
                    if (sample[next] != d.line()) {
                        continue;
                    }
                }
                if (!seenIds.add(d.id())) {
                    throw new PhiException(in + ": line " + d.line() + ": duplicate id \"" + d.id() + "\"");
                }
                if (done.contains(d.id())) {
                    continue;
                }
                if (failed.get() >= FAILURES_BEFORE_GIVING_UP && newAnnotated.get() + rejected.get() == resumedRejected) {
                    // Nothing has worked yet: a wrong URL or a dead server would otherwise cost every document its
                    // full backoff.
                    throw new PhiException("stopping: the first " + failed.get() + " documents all failed; last: "
                            + lastFailure.get());
                }
                long processed = newAnnotated.get() + rejected.get() + failed.get();
                if (processed >= 100 && rejected.get() + failed.get() > processed * 0.9) {
                    throw new PhiException("stopping: " + (rejected.get() + failed.get()) + " of " + processed
                            + " documents got no usable score (see " + rejectedFile + "); does " + options.model()
                            + " follow the prompt?");
                }
                slots.acquireUninterruptibly();
                pool.execute(() -> {
                    try {
                        judge(d);
                        progress.advance(1);
                        afterAppend.accept(d.id());
                    } catch (TeacherClient.GaveUp e) {
                        failed.incrementAndGet();
                        lastFailure.set("document " + d.id() + ": " + e.getMessage());
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    } catch (Throwable t) {
                        fatal.compareAndSet(null, t);
                    } finally {
                        slots.release();
                    }
                });
            }
        }

        /** Asks until a reply parses (at most judgeAttempts questions), then records the verdict or the rejection. */
        void judge(Document d) throws TeacherClient.GaveUp, InterruptedException, IOException {
            String reply = null;
            String reason = null;
            for (int attempt = 0; attempt < options.judgeAttempts(); attempt++) {
                String body = JudgeRequest.body(options, d.text(), attempt);
                String key = ResponseCache.key(body);
                reply = cache.get(key);
                if (reply != null) {
                    cacheHits.incrementAndGet();
                } else {
                    reply = client.complete(body);
                    cache.put(key, reply);
                }
                try {
                    JudgeReply.Verdict v = JudgeReply.parse(reply);
                    ObjectNode doc = d.json().deepCopy();
                    doc.put(SCORE_FIELD, v.score());
                    doc.put(REASON_FIELD, v.reason());
                    annotated.append(DocumentReader.JSON.writeValueAsString(doc));
                    scores.incrementAndGet(v.score());
                    newAnnotated.incrementAndGet();
                    return;
                } catch (JudgeReply.Unparsable u) {
                    reason = u.getMessage();
                }
            }
            Map<String, Object> rec = new LinkedHashMap<>();
            rec.put("id", d.id());
            rec.put("reason", reason);
            rec.put("reply", reply);
            rejects.append(DocumentReader.JSON.writeValueAsString(rec));
            rejected.incrementAndGet();
        }
    }

    static long countLines(Path file) {
        try (var lines = Files.lines(file)) {
            return lines.filter(l -> !l.isBlank()).count();
        } catch (IOException | java.io.UncheckedIOException e) {
            throw new PhiException(file + ": cannot read: " + e.getMessage(), e);
        }
    }
}
