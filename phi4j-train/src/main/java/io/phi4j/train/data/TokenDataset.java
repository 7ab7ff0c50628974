package io.phi4j.train.data;

import io.phi4j.PhiException;
import io.phi4j.train.ops.Dropout;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * A directory of token shards as {@code phi data tokenize} writes it: {@code train-NNNNN.tok} for training,
 * {@code val-NNNNN.tok} held out for validation, {@code tokenizer/} with the tokenizer files and
 * {@code dataset.json} describing it all.
 *
 * <p>Training batches are random windows of {@code T + 1} tokens (inputs are the first T, targets the last T)
 * drawn uniformly over every window start of every training shard. The draw for (step, micro-batch, row) is a
 * pure function of the seed and those coordinates, so the data position of a run is just its step counter and a
 * resumed run sees exactly the batches the uninterrupted one would. Validation uses the held-out shards in
 * order, in non-overlapping windows, the same ones at every evaluation.
 */
public final class TokenDataset implements AutoCloseable {
    public static final String MANIFEST = "dataset.json";
    public static final String TOKENIZER_DIR = "tokenizer";

    private final Path dir;
    private final List<TokenShard> train;
    private final List<TokenShard> val;
    private final int vocabSize;
    private final int eosId;

    private TokenDataset(Path dir, List<TokenShard> train, List<TokenShard> val) {
        this.dir = dir;
        this.train = train;
        this.val = val;
        this.vocabSize = train.getFirst().vocabSize();
        this.eosId = train.getFirst().eosId();
    }

    public static TokenDataset open(Path dir) {
        if (!Files.isDirectory(dir)) {
            throw new PhiException(dir + ": not a directory (expected token shards from 'phi data tokenize')");
        }
        List<TokenShard> train = new ArrayList<>(), val = new ArrayList<>();
        try {
            for (Path p : list(dir)) {
                String n = p.getFileName().toString();
                if (n.startsWith("train-")) {
                    train.add(TokenShard.open(p));
                } else if (n.startsWith("val-")) {
                    val.add(TokenShard.open(p));
                }
            }
            if (train.isEmpty()) {
                throw new PhiException(dir + ": no train-*.tok shards (write them with 'phi data tokenize')");
            }
            TokenShard first = train.getFirst();
            for (TokenShard s : concat(train, val)) {
                if (s.vocabSize() != first.vocabSize() || s.eosId() != first.eosId()) {
                    throw new PhiException(s.path() + ": vocabulary " + s.vocabSize() + " / end-of-text " + s.eosId()
                            + " differs from " + first.path().getFileName() + " (" + first.vocabSize() + " / "
                            + first.eosId() + "): shards of different tokenizers");
                }
            }
            return new TokenDataset(dir, train, val);
        } catch (RuntimeException e) {
            concat(train, val).forEach(TokenShard::close);
            throw e;
        }
    }

    private static List<Path> list(Path dir) {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> p.getFileName().toString().endsWith(".tok")).sorted().toList();
        } catch (IOException e) {
            throw new PhiException(dir + ": cannot list: " + e.getMessage(), e);
        }
    }

    private static List<TokenShard> concat(List<TokenShard> a, List<TokenShard> b) {
        List<TokenShard> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }

    public Path dir() {
        return dir;
    }

    public int vocabSize() {
        return vocabSize;
    }

    public int eosId() {
        return eosId;
    }

    /** The tokenizer files copied in by {@code phi data tokenize}, or null. */
    public Path tokenizerDir() {
        Path t = dir.resolve(TOKENIZER_DIR);
        return Files.isDirectory(t) ? t : null;
    }

    public long trainTokens() {
        return train.stream().mapToLong(TokenShard::size).sum();
    }

    public long valTokens() {
        return val.stream().mapToLong(TokenShard::size).sum();
    }

    /** Window starts available in the training shards for context {@code seq}. */
    public long trainWindows(int seq) {
        long n = 0;
        for (TokenShard s : train) {
            n += Math.max(0, s.size() - seq);
        }
        return n;
    }

    /**
     * Fills {@code inputs} and {@code targets} ({@code [batch * seq]}) with random windows for the given
     * coordinates.
     */
    public void trainBatch(long seed, long step, int micro, int batch, int seq, int[] inputs, int[] targets) {
        long windows = trainWindows(seq);
        if (windows <= 0) {
            throw new PhiException(dir + ": the training shards have " + trainTokens() + " tokens, not enough for one window of "
                    + (seq + 1) + " (context + 1)");
        }
        int[] window = new int[seq + 1];
        for (int b = 0; b < batch; b++) {
            long r = Dropout.mix(Dropout.key(seed ^ 0x6a09e667f3bcc909L, step, micro, b));
            long pick = Math.unsignedMultiplyHigh(r, windows);
            for (TokenShard s : train) {
                long n = Math.max(0, s.size() - seq);
                if (pick < n) {
                    s.read(pick, seq + 1, window, 0);
                    break;
                }
                pick -= n;
            }
            System.arraycopy(window, 0, inputs, b * seq, seq);
            System.arraycopy(window, 1, targets, b * seq, seq);
        }
    }

    /** Non-overlapping validation windows of {@code seq + 1} tokens (stride {@code seq}) across the held-out shards. */
    public long valWindows(int seq) {
        long n = 0;
        for (TokenShard s : val) {
            n += Math.max(0, (s.size() - 1) / seq);
        }
        return n;
    }

    /** Validation window {@code index} (modulo the number of windows) into row {@code row} of the arrays. */
    public void valWindow(long index, int seq, int[] inputs, int[] targets, int row) {
        long total = valWindows(seq);
        if (total == 0) {
            throw new PhiException(dir + ": no validation windows of " + (seq + 1) + " tokens");
        }
        long w = Math.floorMod(index, total);
        int[] window = new int[seq + 1];
        for (TokenShard s : val) {
            long n = Math.max(0, (s.size() - 1) / seq);
            if (w < n) {
                s.read(w * seq, seq + 1, window, 0);
                break;
            }
            w -= n;
        }
        System.arraycopy(window, 0, inputs, row * seq, seq);
        System.arraycopy(window, 1, targets, row * seq, seq);
    }

    @Override
    public void close() {
        concat(train, val).forEach(TokenShard::close);
    }
}
