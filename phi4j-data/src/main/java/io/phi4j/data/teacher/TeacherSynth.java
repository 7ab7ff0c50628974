package io.phi4j.data.teacher;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.phi4j.PhiException;
import io.phi4j.data.CorpusStats;
import io.phi4j.data.Lesson;
import io.phi4j.data.LessonJson;
import io.phi4j.data.StatsReport;
import io.phi4j.data.synth.Rng;
import io.phi4j.data.synth.SynthGenerator;

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
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.IntConsumer;
import java.util.function.ToIntFunction;

/**
 * Generates lessons with a teacher model, concurrently, resumably. Item {@code i} is built from lesson {@code i}
 * of the offline generator ({@link TeacherPrompts}); its reply is cached ({@link ResponseCache}), validated
 * ({@link TeacherReplies}) and appended, with fsync, to {@code teacher-<split>.jsonl} (or, if rejected, to
 * {@code teacher-<split>-rejected.jsonl}). A restarted run reads both files, cuts a torn last line, and skips
 * every item already recorded; items whose reply reached the cache but not the file cost no new request.
 */
public final class TeacherSynth {
    /** What a run did. */
    public record Result(Path jsonl, long lessons, long newLessons, long resumed, long tokens, long rejected,
                         long failed, long requests, long cacheHits, long retries, double seconds, String lastFailure) {
    }

    private static final long CHAT_SALT = 0xC4A7L;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final SynthGenerator generator;
    private final TeacherOptions options;
    private final Path outDir;
    private final ToIntFunction<String> tokenCounter;
    private IntConsumer afterAppend = item -> { };

    public TeacherSynth(SynthGenerator generator, TeacherOptions options, Path outDir,
                        ToIntFunction<String> tokenCounter) {
        this.generator = generator;
        this.options = options;
        this.outDir = outDir;
        this.tokenCounter = tokenCounter;
    }

    /** Test hook: called after each line is durably appended (a test throws from it to simulate a crash). */
    void afterAppend(IntConsumer hook) {
        this.afterAppend = hook;
    }

    public Result run() {
        long start = System.nanoTime();
        String name = "teacher-" + generator.split().label();
        Path lessonsFile = outDir.resolve(name + ".jsonl");
        Path rejectedFile = outDir.resolve(name + "-rejected.jsonl");
        try {
            Files.createDirectories(outDir);
        } catch (IOException e) {
            throw new PhiException(outDir + ": cannot create directory: " + e.getMessage(), e);
        }
        CorpusStats stats = new CorpusStats();
        Set<Long> done = new HashSet<>();
        Set<String> seenTexts = new HashSet<>();
        AtomicLong tokens = new AtomicLong();
        List<String> previous = AppendLog.recover(lessonsFile);
        int lineNo = 0;
        for (String line : previous) {
            lineNo++;
            Lesson l = LessonJson.read(line, lessonsFile + ": line " + lineNo);
            done.add(itemOf(l.id(), lessonsFile, lineNo));
            seenTexts.add(l.text());
            int t = tokenCounter.applyAsInt(l.text()) + 1;
            stats.add(l, t);
            tokens.addAndGet(t);
        }
        long resumed = previous.size();
        List<String> previousRejected = AppendLog.recover(rejectedFile);
        lineNo = 0;
        for (String line : previousRejected) {
            lineNo++;
            try {
                JsonNode n = JSON.readTree(line);
                done.add(n.get("item").asLong());
            } catch (IOException | RuntimeException e) {
                throw new PhiException(rejectedFile + ": line " + lineNo + ": not a rejection record");
            }
            stats.rejected();
        }

        TeacherPrompts prompts = new TeacherPrompts(generator, options);
        ResponseCache cache = new ResponseCache(outDir.resolve("cache"));
        TeacherClient client = new TeacherClient(options.completionsUrl(), options.apiKey(), options.attempts(),
                options.retryBase(), Duration.ofSeconds(300));
        AtomicLong newLessons = new AtomicLong();
        AtomicLong rejected = new AtomicLong(previousRejected.size());
        AtomicLong failed = new AtomicLong();
        AtomicLong cacheHits = new AtomicLong();
        AtomicReference<Throwable> fatal = new AtomicReference<>();
        AtomicReference<String> lastFailure = new AtomicReference<>();
        long maxItems = options.lessons() != null ? options.lessons() : options.tokens();
        Semaphore slots = new Semaphore(options.concurrency());
        ExecutorService pool = Executors.newFixedThreadPool(options.concurrency());
        try (AppendLog lessonsLog = new AppendLog(lessonsFile); AppendLog rejectedLog = new AppendLog(rejectedFile)) {
            for (long item = 0; item < maxItems; item++) {
                if (options.tokens() != null && tokens.get() >= options.tokens()) {
                    break;
                }
                if (done.contains(item)) {
                    continue;
                }
                slots.acquireUninterruptibly();
                if (fatal.get() != null) {
                    slots.release();
                    break;
                }
                long processed = newLessons.get() + rejected.get() + failed.get();
                if (processed > 100 && rejected.get() + failed.get() > processed * 0.9) {
                    slots.release();
                    throw new PhiException("stopping: " + (rejected.get() + failed.get()) + " of " + processed
                            + " teacher replies were rejected or failed (see " + rejectedFile + ")");
                }
                long it = item;
                pool.execute(() -> {
                    try {
                        TeacherTask task = prompts.task(it);
                        String key = ResponseCache.key(task.body());
                        String reply = cache.get(key);
                        if (reply != null) {
                            cacheHits.incrementAndGet();
                        } else {
                            reply = client.complete(task.body());
                            cache.put(key, reply);
                        }
                        boolean chat = new Rng(Rng.lessonSeed(generator.seed() ^ CHAT_SALT, it)).chance(0.3);
                        String id = "teacher-" + generator.seed() + "-" + it;
                        try {
                            Lesson l = TeacherReplies.lesson(task, reply, id, chat);
                            synchronized (stats) {
                                if (!seenTexts.add(l.text())) {
                                    throw new TeacherReplies.Rejected("duplicate of an earlier lesson");
                                }
                                lessonsLog.append(LessonJson.write(l));
                                int t = tokenCounter.applyAsInt(l.text()) + 1;
                                stats.add(l, t);
                                tokens.addAndGet(t);
                                newLessons.incrementAndGet();
                            }
                        } catch (TeacherReplies.Rejected r) {
                            Map<String, Object> rec = new LinkedHashMap<>();
                            rec.put("item", it);
                            rec.put("family", task.seed().family());
                            rec.put("reason", r.getMessage());
                            rec.put("reply", reply);
                            synchronized (stats) {
                                rejectedLog.append(JSON.writeValueAsString(rec));
                                stats.rejected();
                                rejected.incrementAndGet();
                            }
                        }
                        afterAppend.accept((int) it);
                    } catch (TeacherClient.GaveUp e) {
                        failed.incrementAndGet();
                        lastFailure.set("item " + it + ": " + e.getMessage());
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    } catch (Throwable t) {
                        fatal.compareAndSet(null, t);
                    } finally {
                        slots.release();
                    }
                });
            }
            pool.shutdown();
            while (!pool.awaitTermination(1, TimeUnit.SECONDS)) {
                if (fatal.get() != null) {
                    pool.shutdownNow();
                }
            }
        } catch (InterruptedException e) {
            pool.shutdownNow();
            Thread.currentThread().interrupt();
            throw new PhiException("interrupted");
        } finally {
            pool.shutdownNow();
        }
        Throwable t = fatal.get();
        if (t instanceof RuntimeException re) {
            throw re;
        }
        if (t instanceof Error err) {
            throw err;
        }
        if (t != null) {
            throw new PhiException("teacher run failed: " + t, t);
        }
        Map<String, Object> header = new LinkedHashMap<>();
        header.put("generator", "phi data synth --teacher");
        header.put("model", options.model());
        header.put("seed", generator.seed());
        header.put("split", generator.split().label());
        StatsReport.write(outDir, name + "-stats", stats.toMap(header));
        return new Result(lessonsFile, stats.lessons(), newLessons.get(), resumed, tokens.get(), rejected.get(),
                failed.get(), client.requests.get(), cacheHits.get(), client.retries.get(),
                (System.nanoTime() - start) / 1e9, lastFailure.get());
    }

    private static long itemOf(String id, Path file, int lineNo) {
        int dash = id == null ? -1 : id.lastIndexOf('-');
        try {
            return Long.parseLong(id.substring(dash + 1));
        } catch (RuntimeException e) {
            throw new PhiException(file + ": line " + lineNo + ": id \"" + id + "\" is not teacher-SEED-ITEM");
        }
    }
}
