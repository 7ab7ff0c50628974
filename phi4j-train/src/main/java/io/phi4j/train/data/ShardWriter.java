package io.phi4j.train.data;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Accumulates documents' tokens and writes {@code PREFIX-NNNNN.tok} shards of about {@code shardTokens} each. */
final class ShardWriter {
    private final Path dir;
    private final String prefix;
    private final int shardTokens;
    private final int vocabSize;
    private final int eosId;
    private final List<Path> written = new ArrayList<>();
    private int[] buf = new int[1 << 16];
    private int n;
    private long docsInShard;
    private long totalTokens;
    private long totalDocs;

    ShardWriter(Path dir, String prefix, int shardTokens, int vocabSize, int eosId) {
        this.dir = dir;
        this.prefix = prefix;
        this.shardTokens = shardTokens;
        this.vocabSize = vocabSize;
        this.eosId = eosId;
    }

    /** Appends one document's tokens and the end-of-text separator. */
    void add(int[] tokens) {
        ensure(n + tokens.length + 1);
        System.arraycopy(tokens, 0, buf, n, tokens.length);
        n += tokens.length;
        buf[n++] = eosId;
        docsInShard++;
        totalDocs++;
        totalTokens += tokens.length + 1;
        if (n >= shardTokens) {
            flush();
        }
    }

    /** Appends raw tokens (no separator, not a document): used to split a single document's tail off. */
    void addRaw(int[] tokens, int from, int to) {
        ensure(n + (to - from));
        System.arraycopy(tokens, from, buf, n, to - from);
        n += to - from;
        totalTokens += to - from;
    }

    private void ensure(int size) {
        if (size > buf.length) {
            buf = Arrays.copyOf(buf, Math.max(size, (int) Math.min(Integer.MAX_VALUE - 8, buf.length * 2L)));
        }
    }

    void flush() {
        if (n == 0) {
            return;
        }
        Path p = dir.resolve(String.format("%s-%05d.tok", prefix, written.size()));
        TokenShard.write(p, buf, n, vocabSize, eosId, docsInShard);
        written.add(p);
        n = 0;
        docsInShard = 0;
    }

    List<Path> written() {
        return written;
    }

    long tokens() {
        return totalTokens;
    }

    long documents() {
        return totalDocs;
    }
}
