package io.phi4j.bench;

import io.phi4j.model.PhiModel;
import io.phi4j.model.Session;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;

/**
 * Prompt-processing and decode throughput, measured the way {@code llama-bench} does: {@code pp} evaluates
 * {@code promptTokens} random tokens as one batch from an empty cache; {@code tg} evaluates
 * {@code genTokens} random tokens one at a time from an empty cache. Each repetition follows one untimed
 * warm-up run.
 */
public final class InferenceBench {
    /** Mean and sample standard deviation of tokens per second over the repetitions. */
    public record Stat(double mean, double stddev, double[] samples) {
        static Stat of(double[] xs) {
            double m = 0;
            for (double x : xs) {
                m += x;
            }
            m /= xs.length;
            double v = 0;
            for (double x : xs) {
                v += (x - m) * (x - m);
            }
            return new Stat(m, xs.length > 1 ? Math.sqrt(v / (xs.length - 1)) : 0, xs);
        }
    }

    private InferenceBench() {
    }

    /** Tokens/s of prompt processing ({@code n} tokens in one batch, logits for the last only). */
    public static Stat promptProcessing(PhiModel model, int n, int repetitions, long seed) {
        int[] tokens = randomTokens(model, n, seed);
        Session session = new Session(model, n);
        run(session, tokens, false);
        double[] rates = new double[repetitions];
        for (int r = 0; r < repetitions; r++) {
            long t0 = System.nanoTime();
            run(session, tokens, false);
            rates[r] = n * 1e9 / (System.nanoTime() - t0);
        }
        return Stat.of(rates);
    }

    /** Tokens/s of decoding ({@code n} tokens, one forward pass each). */
    public static Stat textGeneration(PhiModel model, int n, int repetitions, long seed) {
        int[] tokens = randomTokens(model, n, seed);
        Session session = new Session(model, n);
        run(session, tokens, true);
        double[] rates = new double[repetitions];
        for (int r = 0; r < repetitions; r++) {
            long t0 = System.nanoTime();
            run(session, tokens, true);
            rates[r] = n * 1e9 / (System.nanoTime() - t0);
        }
        return Stat.of(rates);
    }

    private static void run(Session session, int[] tokens, boolean oneByOne) {
        session.truncate(0);
        if (oneByOne) {
            for (int t : tokens) {
                session.append(t);
            }
        } else {
            session.append(tokens, 0, tokens.length, false);
        }
    }

    private static int[] randomTokens(PhiModel model, int n, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        int[] t = new int[n];
        for (int i = 0; i < n; i++) {
            t[i] = r.nextInt(model.config().vocabSize());
        }
        return t;
    }

    /** Peak resident set size of this process in bytes (Linux {@code VmHWM}), or -1 where unknown. */
    public static long peakRssBytes() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmHWM:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
                }
            }
        } catch (IOException | RuntimeException e) {
            return -1;
        }
        return -1;
    }
}
