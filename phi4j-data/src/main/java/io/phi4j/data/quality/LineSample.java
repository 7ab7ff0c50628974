package io.phi4j.data.quality;

import io.phi4j.PhiException;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * A uniform random sample of {@code n} non-blank lines of a file, by reservoir sampling (Vitter's algorithm R) in
 * one pass with memory for {@code n} line numbers. The same file and seed give the same sample, which is what
 * makes an interrupted sampled annotation resumable.
 */
public final class LineSample {
    private LineSample() {
    }

    /** The sampled 1-based line numbers, ascending; all non-blank lines if there are at most {@code n}. */
    public static long[] of(Path file, int n, long seed) {
        if (n < 1) {
            throw new PhiException("--sample must be at least 1, not " + n);
        }
        SplittableRandom rnd = new SplittableRandom(seed);
        // Grows with the file, so that a huge --sample on a small file allocates nothing absurd.
        long[] reservoir = new long[Math.min(n, 1024)];
        long seen = 0;
        long lineNo = 0;
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String line;
            while ((line = in.readLine()) != null) {
                lineNo++;
                if (line.isBlank()) {
                    continue;
                }
                if (seen < n) {
                    if (seen == reservoir.length) {
                        reservoir = Arrays.copyOf(reservoir, (int) Math.min(n, 2L * reservoir.length));
                    }
                    reservoir[(int) seen] = lineNo;
                } else {
                    long j = rnd.nextLong(seen + 1);
                    if (j < n) {
                        reservoir[(int) j] = lineNo;
                    }
                }
                seen++;
            }
        } catch (IOException e) {
            throw new PhiException(file + ": cannot read: " + e.getMessage(), e);
        }
        long[] out = Arrays.copyOf(reservoir, (int) Math.min(seen, n));
        Arrays.sort(out);
        return out;
    }
}
