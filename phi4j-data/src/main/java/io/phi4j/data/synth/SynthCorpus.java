package io.phi4j.data.synth;

import io.phi4j.PhiException;
import io.phi4j.data.CorpusStats;
import io.phi4j.data.Lesson;
import io.phi4j.data.LessonJson;
import io.phi4j.data.StatsReport;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.LongConsumer;
import java.util.function.ToIntFunction;
import java.util.stream.LongStream;

/**
 * Writes a generated corpus: {@code <split>.jsonl} (one lesson per line, see {@link LessonJson}) and
 * {@code <split>-stats.json} / {@code <split>-stats.md}. Lessons are generated in parallel batches but written in
 * index order, and exact duplicates (same text) are dropped, so the output depends only on the seed, the split and
 * the token budget.
 */
public final class SynthCorpus {
    private static final int BATCH = 4096;

    /** What was written. */
    public record Result(Path jsonl, long lessons, long tokens, long duplicates, double seconds, CorpusStats stats) {
    }

    private SynthCorpus() {
    }

    /**
     * @param tokenCounter tokens of one lesson's text (the end-of-text separator is added on top)
     * @param progress receives the running token count after each batch
     */
    public static Result write(SynthGenerator gen, long targetTokens, Path outDir, ToIntFunction<String> tokenCounter,
                               String tokenUnit, LongConsumer progress) {
        long start = System.nanoTime();
        String name = gen.split().label();
        Path file = outDir.resolve(name + ".jsonl");
        Path tmp = outDir.resolve(name + ".jsonl.tmp");
        CorpusStats stats = new CorpusStats();
        Set<Long> seen = new HashSet<>();
        try {
            Files.createDirectories(outDir);
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.TRUNCATE_EXISTING);
                 BufferedWriter out = new BufferedWriter(new OutputStreamWriter(Channels.newOutputStream(ch),
                         StandardCharsets.UTF_8), 1 << 16)) {
                long next = 0;
                while (stats.tokens() < targetTokens) {
                    long from = next;
                    List<Lesson> batch = LongStream.range(from, from + BATCH).parallel().mapToObj(gen::lesson).toList();
                    next += BATCH;
                    for (Lesson l : batch) {
                        if (stats.tokens() >= targetTokens) {
                            break;
                        }
                        if (!seen.add(hash(l.text()))) {
                            stats.duplicate();
                            continue;
                        }
                        stats.add(l, tokenCounter.applyAsInt(l.text()) + 1);
                        out.write(LessonJson.write(l));
                        out.write('\n');
                    }
                    progress.accept(stats.tokens());
                    if (stats.duplicates() > 100L * (stats.lessons() + BATCH)) {
                        throw new PhiException("the generator keeps repeating itself (" + stats.duplicates()
                                + " duplicates): too few distinct lessons for " + targetTokens + " tokens");
                    }
                }
                out.flush();
                ch.force(true);
            }
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new PhiException(file + ": cannot write: " + e.getMessage(), e);
        } finally {
            try {
                Files.deleteIfExists(tmp);
            } catch (IOException ignored) {
                // the write error, if any, matters more
            }
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        Map<String, Object> header = new LinkedHashMap<>();
        header.put("generator", "phi data synth");
        header.put("seed", gen.seed());
        header.put("split", name);
        header.put("token_unit", tokenUnit);
        header.put("target_tokens", targetTokens);
        StatsReport.write(outDir, name + "-stats", stats.toMap(header));
        return new Result(file, stats.lessons(), stats.tokens(), stats.duplicates(), seconds, stats);
    }

    /** 64-bit FNV-1a over the UTF-16 text, then a finalizer; collisions are negligible below billions of lessons. */
    static long hash(String s) {
        long h = 0xcbf29ce484222325L;
        for (int i = 0; i < s.length(); i++) {
            h ^= s.charAt(i);
            h *= 0x100000001b3L;
        }
        h ^= s.length();
        h = (h ^ (h >>> 33)) * 0xff51afd7ed558ccdL;
        return h ^ (h >>> 33);
    }
}
