package io.phi4j.model;

import io.phi4j.PhiException;

import java.util.Arrays;

/**
 * One conversation's state: the tokens already in its KV cache. Evaluating more tokens appends to it;
 * {@link #truncate} rewinds, so a new prompt that shares a prefix with the cached one only computes the rest.
 */
public final class Session {
    /** Prompt tokens are processed in batches of this many (a matrix–matrix pass each). */
    public static final int PREFILL_BATCH = 256;

    private final PhiModel model;
    private final KvCache cache;
    private int[] tokens;
    private int length;
    private float[] lastLogits;

    public Session(PhiModel model, int contextSize) {
        this.model = model;
        this.cache = new KvCache(model.config(), contextSize);
        this.tokens = new int[Math.min(contextSize, 1024)];
    }

    public PhiModel model() {
        return model;
    }

    public int capacity() {
        return cache.capacity();
    }

    /** The cache itself, for tests of how it grows. */
    KvCache cache() {
        return cache;
    }

    /** Number of tokens in the cache. */
    public int position() {
        return length;
    }

    public int[] tokens() {
        return Arrays.copyOf(tokens, length);
    }

    /** How many leading tokens of {@code other} are already in the cache. */
    public int commonPrefix(int[] other) {
        int n = Math.min(length, other.length);
        int i = 0;
        while (i < n && tokens[i] == other[i]) {
            i++;
        }
        return i;
    }

    /** Forgets every token from position {@code n} on. */
    public void truncate(int n) {
        if (n < 0 || n > length) {
            throw new IllegalArgumentException("truncate to " + n + " of " + length);
        }
        length = n;
    }

    /** Receives logits rows: row {@code index} (relative to the appended range) at {@code logits[offset..]}. */
    @FunctionalInterface
    public interface LogitsConsumer {
        void accept(int index, float[] logits, int offset);
    }

    /**
     * Appends {@code input[from .. from+count)} and returns their logits: {@code [count, vocab]} when
     * {@code allLogits}, else only the last row — in a buffer this session reuses on its next call (so
     * decoding allocates nothing per token). Long inputs are processed in batches.
     */
    public float[] append(int[] input, int from, int count, boolean allLogits) {
        int vocab = model.config().vocabSize();
        if (!allLogits) {
            if (lastLogits == null) {
                lastLogits = new float[vocab];
            }
            float[] last = lastLogits;
            append(input, from, count, false, (i, logits, off) -> System.arraycopy(logits, off, last, 0, vocab));
            return last;
        }
        float[] all = new float[Math.multiplyExact(count, vocab)];
        append(input, from, count, true, (i, logits, off) -> System.arraycopy(logits, off, all, i * vocab, vocab));
        return all;
    }

    /**
     * Appends {@code input[from .. from+count)} in batches, handing each logits row to {@code consumer} as it is
     * computed: every row when {@code allLogits} (memory stays one batch of rows, whatever the length), else
     * only the last.
     */
    public void append(int[] input, int from, int count, boolean allLogits, LogitsConsumer consumer) {
        if (count <= 0) {
            throw new IllegalArgumentException("nothing to append");
        }
        if (length + count > cache.capacity()) {
            throw new PhiException((length + count) + " tokens do not fit in a context of " + cache.capacity());
        }
        int vocab = model.config().vocabSize();
        for (int done = 0; done < count; ) {
            int n = Math.min(PREFILL_BATCH, count - done);
            boolean lastBatch = done + n == count;
            if (!allLogits && !lastBatch) {
                model.forward(input, from + done, n, length, cache, false, false);
            } else {
                float[] logits = model.forward(input, from + done, n, length, cache, allLogits, true);
                int rows = allLogits ? n : 1;
                for (int r = 0; r < rows; r++) {
                    consumer.accept(allLogits ? done + r : count - 1, logits, r * vocab);
                }
            }
            remember(input, from + done, n);
            done += n;
        }
    }

    /**
     * Appends {@code input[from .. from+count)} in batches without computing logits, handing each token's final
     * hidden state (after the final LayerNorm) to {@code consumer}: row {@code index} relative to the appended range.
     */
    public void appendHidden(int[] input, int from, int count, PhiModel.HiddenConsumer consumer) {
        if (count <= 0) {
            throw new IllegalArgumentException("nothing to append");
        }
        if (length + count > cache.capacity()) {
            throw new PhiException((length + count) + " tokens do not fit in a context of " + cache.capacity());
        }
        for (int done = 0; done < count; ) {
            int n = Math.min(PREFILL_BATCH, count - done);
            int base = done;
            model.forwardHidden(input, from + done, n, length, cache, (i, h, off) -> consumer.accept(base + i, h, off));
            remember(input, from + done, n);
            done += n;
        }
    }

    public float[] append(int... input) {
        return append(input, 0, input.length, false);
    }

    /**
     * One decoding step for several sessions of the same model at once (continuous batching): appends
     * {@code tokens[i]} to {@code sessions[i]} and returns the logits {@code [sessions, vocab]}. The weights are
     * read once for all of them. The result is the same as appending to each session alone.
     */
    public static float[] decodeBatch(Session[] sessions, int[] tokens) {
        int n = sessions.length;
        PhiModel model = sessions[0].model;
        int[] positions = new int[n];
        KvCache[] caches = new KvCache[n];
        for (int i = 0; i < n; i++) {
            Session s = sessions[i];
            if (s.model != model) {
                throw new IllegalArgumentException("sessions of different models");
            }
            if (s.length + 1 > s.cache.capacity()) {
                throw new PhiException("context full: " + (s.length + 1) + " tokens do not fit in a context of " + s.cache.capacity());
            }
            for (int j = 0; j < i; j++) {
                if (sessions[j] == s) {
                    throw new IllegalArgumentException("a session appears twice in one batch");
                }
            }
            positions[i] = s.length;
            caches[i] = s.cache;
        }
        float[] logits = model.forwardBatch(tokens, positions, caches);
        for (int i = 0; i < n; i++) {
            sessions[i].remember(tokens, i, 1);
        }
        return logits;
    }

    /**
     * One pass over the weights for several sessions, each appending any number of tokens: session {@code i}
     * appends {@code inputs[i][from[i] .. from[i] + count[i])} (a decoding sequence one token, a new prompt a
     * chunk of it). This is how continuous batching folds prompt processing into the decoding step instead of
     * giving each new prompt a pass of its own. Returns the logits of the last appended token of every session
     * with {@code wantLogits[i]}, as rows {@code [k, vocab]} in session order; the other rows' logits are never
     * computed (the output matrix is the largest single matmul). Every row's result is independent of the
     * others' values.
     */
    public static float[] appendBatch(Session[] sessions, int[][] inputs, int[] from, int[] count, boolean[] wantLogits) {
        int n = sessions.length;
        if (n == 0 || inputs.length != n || from.length != n || count.length != n || wantLogits.length != n) {
            throw new IllegalArgumentException("sessions, inputs, from, count and wantLogits must have the same non-zero length");
        }
        PhiModel model = sessions[0].model;
        int rows = 0, logitRows = 0;
        for (int i = 0; i < n; i++) {
            Session s = sessions[i];
            if (s.model != model) {
                throw new IllegalArgumentException("sessions of different models");
            }
            if (count[i] <= 0 || from[i] < 0 || from[i] + count[i] > inputs[i].length) {
                throw new IllegalArgumentException("session " + i + ": bad range " + from[i] + " + " + count[i]);
            }
            if (s.length + count[i] > s.cache.capacity()) {
                throw new PhiException("context full: " + (s.length + count[i]) + " tokens do not fit in a context of "
                        + s.cache.capacity());
            }
            for (int j = 0; j < i; j++) {
                if (sessions[j] == s) {
                    throw new IllegalArgumentException("a session appears twice in one batch");
                }
            }
            rows += count[i];
            logitRows += wantLogits[i] ? 1 : 0;
        }
        // Rows whose logits are wanted go last (forwardRows computes logits for the last rows only).
        int[] tokens = new int[rows];
        int[] positions = new int[rows];
        KvCache[] caches = new KvCache[rows];
        int front = 0, back = rows - logitRows;
        for (int i = 0; i < n; i++) {
            Session s = sessions[i];
            for (int t = 0; t < count[i]; t++) {
                boolean last = t == count[i] - 1;
                int r = last && wantLogits[i] ? back++ : front++;
                tokens[r] = inputs[i][from[i] + t];
                positions[r] = s.length + t;
                caches[r] = s.cache;
            }
        }
        float[] logits = model.forwardRows(tokens, positions, caches, logitRows);
        for (int i = 0; i < n; i++) {
            sessions[i].remember(inputs[i], from[i], count[i]);
        }
        // A copy: the model reuses its logits buffer on the next pass.
        return logits == null ? new float[0] : Arrays.copyOf(logits, logitRows * model.config().vocabSize());
    }

    private void remember(int[] input, int from, int n) {
        if (length + n > tokens.length) {
            tokens = Arrays.copyOf(tokens, Math.min(cache.capacity(), Math.max(length + n, tokens.length * 2)));
        }
        System.arraycopy(input, from, tokens, length, n);
        length += n;
    }
}
