package io.phi4j.train;

import io.phi4j.train.data.TokenShard;

import java.nio.file.Path;
import java.util.SplittableRandom;

/** Token shards for training tests, written directly (no tokenizer needed). */
final class TestData {
    private TestData() {
    }

    /**
     * A learnable stream over {@code vocab} ids: runs of an arithmetic progression with a random start and a
     * step from a small set, separated by id 0 as end-of-text, so a model can reach a low loss quickly.
     */
    static int[] patterned(int n, int vocab, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        int[] t = new int[n];
        int i = 0;
        while (i < n) {
            int start = 1 + r.nextInt(vocab - 1), step = 1 + r.nextInt(3), len = 8 + r.nextInt(24);
            for (int j = 0; j < len && i < n; j++) {
                t[i++] = 1 + Math.floorMod(start - 1 + j * step, vocab - 1);
            }
            if (i < n) {
                t[i++] = 0;
            }
        }
        return t;
    }

    static Path writeDataset(Path dir, int vocab, int trainTokens, int valTokens) {
        int[] train = patterned(trainTokens, vocab, 1), val = patterned(valTokens, vocab, 2);
        TokenShard.write(dir.resolve("train-00000.tok"), train, train.length, vocab, 0, 1);
        TokenShard.write(dir.resolve("val-00000.tok"), val, val.length, vocab, 0, 1);
        return dir;
    }

    static Path repo(String relative) {
        String root = System.getProperty("phi4j.root");
        Path base = root != null ? Path.of(root) : Path.of("..");
        return base.resolve(relative).toAbsolutePath().normalize();
    }
}
