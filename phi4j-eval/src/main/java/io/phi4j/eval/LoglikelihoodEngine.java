package io.phi4j.eval;

import io.phi4j.kernel.WorkerPool;
import io.phi4j.model.KvCache;
import io.phi4j.model.PhiModel;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Scores groups of {@link TokenRequest}s (one group = the answer choices of one item) with as little work as
 * possible, and gives the same numbers as scoring every request from scratch:
 * <ul>
 *   <li>the tokens a group's requests share (the question, the few-shot prompt) are evaluated once into a KV
 *   cache; each choice then only evaluates its own tokens on top of that cache (positions past the shared
 *   prefix are simply overwritten by the next choice);</li>
 *   <li>a cache slot keeps the previous item's prefix, so a few-shot prompt shared by consecutive items is not
 *   evaluated again;</li>
 *   <li>several groups are evaluated in the same forward pass (one matrix–matrix product for all their rows),
 *   as llama.cpp's {@code --hellaswag} packs several tasks into one batch;</li>
 *   <li>the last token of a request is never evaluated: nothing predicts from it.</li>
 * </ul>
 */
public final class LoglikelihoodEngine {
    /** Groups evaluated together. */
    public static final int DEFAULT_GROUPS = 16;
    /** Rows per forward call: bounds the activation memory of one call. */
    public static final int DEFAULT_MAX_ROWS = 512;

    private final PhiModel model;
    private final int groupsPerBatch;
    private final int maxRows;
    private final int vocab;
    private KvCache[] slots = new KvCache[0];
    private int[][] slotPrefix = new int[0][];

    public LoglikelihoodEngine(PhiModel model, int groupsPerBatch, int maxRows) {
        if (groupsPerBatch < 1 || maxRows < 1) {
            throw new IllegalArgumentException("batch sizes must be positive");
        }
        this.model = model;
        this.groupsPerBatch = groupsPerBatch;
        this.maxRows = maxRows;
        this.vocab = model.config().vocabSize();
    }

    public LoglikelihoodEngine(PhiModel model) {
        this(model, DEFAULT_GROUPS, DEFAULT_MAX_ROWS);
    }

    /** Told after each batch how many groups are finished in total. */
    @FunctionalInterface
    public interface Progress {
        void done(int groups);
    }

    /** Scores every request of every group; the result has the same shape as {@code groups}. */
    public List<List<TokenScore>> score(List<List<TokenRequest>> groups, Progress progress) {
        int need = 1;
        for (List<TokenRequest> g : groups) {
            for (TokenRequest r : g) {
                need = Math.max(need, r.tokens().length - 1);
            }
        }
        int capacity = Math.min(model.config().contextLength(), roundUp(need, 64));
        int slotsWanted = Math.min(groupsPerBatch, Math.max(1, groups.size()));
        ensureSlots(slotsWanted, capacity);
        List<List<TokenScore>> out = new ArrayList<>(groups.size());
        for (int start = 0; start < groups.size(); start += slots.length) {
            List<List<TokenRequest>> batch = groups.subList(start, Math.min(groups.size(), start + slots.length));
            out.addAll(scoreBatch(batch));
            if (progress != null) {
                progress.done(start + batch.size());
            }
        }
        return out;
    }

    private void ensureSlots(int count, int capacity) {
        long perSlot = 2L * model.config().numLayers() * capacity * model.config().kvDim() * Float.BYTES;
        Runtime rt = Runtime.getRuntime();
        long free = rt.maxMemory() - (rt.totalMemory() - rt.freeMemory());
        int affordable = (int) Math.max(1, Math.min(count, (free / 3) / Math.max(1, perSlot)));
        if (slots.length == affordable && slots.length > 0 && slots[0].capacity() >= capacity) {
            return;
        }
        slots = new KvCache[affordable];
        slotPrefix = new int[affordable][];
        for (int i = 0; i < affordable; i++) {
            slots[i] = new KvCache(model.config(), capacity);
            slotPrefix[i] = new int[0];
        }
    }

    private static int roundUp(int n, int m) {
        return (n + m - 1) / m * m;
    }

    /** A row of a forward pass and, if its logits are needed, the request tokens it predicts. */
    private record Row(int token, int position, int slot, int group, int request, boolean logits) {
    }

    private List<List<TokenScore>> scoreBatch(List<List<TokenRequest>> batch) {
        int n = batch.size();
        int[] prefix = new int[n];
        double[][][] logProbs = new double[n][][];
        boolean[][] greedy = new boolean[n][];
        int maxRequests = 0;
        List<Row> firstPass = new ArrayList<>();
        for (int g = 0; g < n; g++) {
            List<TokenRequest> reqs = batch.get(g);
            maxRequests = Math.max(maxRequests, reqs.size());
            logProbs[g] = new double[reqs.size()][];
            greedy[g] = new boolean[reqs.size()];
            for (int r = 0; r < reqs.size(); r++) {
                logProbs[g][r] = new double[reqs.get(r).continuationLength()];
                greedy[g][r] = true;
            }
            int p = sharedPrefix(reqs);
            prefix[g] = p;
            int[] tokens = reqs.getFirst().tokens();
            int reuse = p == 0 ? 0 : Math.min(p - 1, commonPrefix(slotPrefix[g], tokens));
            for (int pos = reuse; pos < p; pos++) {
                // The last shared row predicts every request's first own token.
                firstPass.add(new Row(tokens[pos], pos, g, g, -1, pos == p - 1));
            }
            slotPrefix[g] = Arrays.copyOf(tokens, p);
        }
        for (int r = 0; r < maxRequests; r++) {
            List<Row> rows = r == 0 ? firstPass : new ArrayList<>();
            for (int g = 0; g < n; g++) {
                List<TokenRequest> reqs = batch.get(g);
                if (r >= reqs.size()) {
                    continue;
                }
                TokenRequest req = reqs.get(r);
                int[] t = req.tokens();
                for (int pos = prefix[g]; pos < t.length - 1; pos++) {
                    rows.add(new Row(t[pos], pos, g, g, r, pos + 1 >= req.contStart()));
                }
            }
            run(rows, batch, prefix, logProbs, greedy);
        }
        List<List<TokenScore>> out = new ArrayList<>(n);
        for (int g = 0; g < n; g++) {
            List<TokenScore> scores = new ArrayList<>(batch.get(g).size());
            for (int r = 0; r < batch.get(g).size(); r++) {
                scores.add(new TokenScore(logProbs[g][r], greedy[g][r]));
            }
            out.add(scores);
        }
        return out;
    }

    /** Evaluates rows in calls of at most {@code maxRows}, rows whose logits are needed last in each call. */
    private void run(List<Row> rows, List<List<TokenRequest>> batch, int[] prefix, double[][][] logProbs, boolean[][] greedy) {
        for (int from = 0; from < rows.size(); from += maxRows) {
            List<Row> chunk = rows.subList(from, Math.min(rows.size(), from + maxRows));
            List<Row> ordered = new ArrayList<>(chunk.size());
            for (Row row : chunk) {
                if (!row.logits()) {
                    ordered.add(row);
                }
            }
            int plain = ordered.size();
            for (Row row : chunk) {
                if (row.logits()) {
                    ordered.add(row);
                }
            }
            int m = ordered.size();
            int[] tokens = new int[m], positions = new int[m];
            KvCache[] caches = new KvCache[m];
            for (int i = 0; i < m; i++) {
                Row row = ordered.get(i);
                tokens[i] = row.token();
                positions[i] = row.position();
                caches[i] = slots[row.slot()];
            }
            int logitRows = m - plain;
            float[] logits = model.forwardRows(tokens, positions, caches, logitRows);
            if (logitRows == 0) {
                continue;
            }
            double[] lse = new double[logitRows];
            int[] argmax = new int[logitRows];
            WorkerPool.shared().parallelFor(logitRows, (a, b) -> {
                for (int i = a; i < b; i++) {
                    lse[i] = LogitRow.logSumExp(logits, i * vocab, vocab);
                    argmax[i] = LogitRow.argmax(logits, i * vocab, vocab);
                }
            });
            for (int i = 0; i < logitRows; i++) {
                Row row = ordered.get(plain + i);
                int off = i * vocab;
                List<TokenRequest> reqs = batch.get(row.group());
                if (row.request() < 0) {
                    for (int r = 0; r < reqs.size(); r++) {
                        record(reqs.get(r), row.position(), logits, off, lse[i], argmax[i], logProbs[row.group()][r], greedy[row.group()], r);
                    }
                } else {
                    int r = row.request();
                    record(reqs.get(r), row.position(), logits, off, lse[i], argmax[i], logProbs[row.group()][r], greedy[row.group()], r);
                }
            }
        }
    }

    /** Stores the prediction made at {@code position} for token {@code position + 1}, if the request scores it. */
    private static void record(TokenRequest req, int position, float[] logits, int off, double lse, int argmax,
                               double[] out, boolean[] greedy, int r) {
        int target = position + 1;
        if (target < req.contStart() || target >= req.tokens().length) {
            return;
        }
        int token = req.tokens()[target];
        out[target - req.contStart()] = logits[off + token] - lse;
        if (argmax != token) {
            greedy[r] = false;
        }
    }

    /** Tokens all requests share, but no further than the first scored token of any of them. */
    static int sharedPrefix(List<TokenRequest> reqs) {
        int[] first = reqs.getFirst().tokens();
        int p = first.length;
        for (TokenRequest r : reqs) {
            p = Math.min(p, Math.min(r.contStart(), commonPrefix(first, r.tokens())));
        }
        return p;
    }

    static int commonPrefix(int[] a, int[] b) {
        int n = Math.min(a.length, b.length);
        int i = 0;
        while (i < n && a[i] == b[i]) {
            i++;
        }
        return i;
    }
}
