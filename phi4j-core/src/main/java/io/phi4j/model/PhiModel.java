package io.phi4j.model;

import io.phi4j.PhiException;
import io.phi4j.kernel.AttentionKernels;
import io.phi4j.kernel.ElementwiseKernels;
import io.phi4j.kernel.MatMul;
import io.phi4j.kernel.Ops;
import io.phi4j.kernel.Rope;
import io.phi4j.kernel.WorkerPool;
import io.phi4j.tensor.Tensor;

/**
 * The Phi forward pass (Hugging Face {@code PhiForCausalLM}, llama.cpp {@code LLM_ARCH_PHI2}), one readable
 * method for the whole family. Each block is <em>parallel</em>: attention and MLP both read the same
 * LayerNorm output and are added to the residual together, {@code x + attn(LN(x)) + mlp(LN(x))}.
 */
public final class PhiModel {
    private final PhiConfig config;
    private final PhiWeights weights;
    private final WorkerPool pool;
    private final Rope rope;
    // Small vectors (norms, biases) decoded once: they are touched for every token.
    private final float[][] normW, normB, qB, kB, vB, oB, upB, downB;
    private final float[] outNormW, outNormB, outB;
    /** Activations of the last call, reused so that decoding allocates nothing per token. */
    private Scratch scratch = new Scratch(0, null);

    public PhiModel(PhiWeights weights, WorkerPool pool) {
        this.config = weights.config();
        this.weights = weights;
        this.pool = pool;
        this.rope = new Rope(config.ropeDims(), config.ropeTheta());
        int n = config.numLayers();
        normW = new float[n][]; normB = new float[n][]; qB = new float[n][]; kB = new float[n][];
        vB = new float[n][]; oB = new float[n][]; upB = new float[n][]; downB = new float[n][];
        for (int i = 0; i < n; i++) {
            PhiWeights.Layer l = weights.layer(i);
            normW[i] = l.normWeight().toFloatArray();
            normB[i] = l.normBias().toFloatArray();
            qB[i] = l.qBias().toFloatArray();
            kB[i] = l.kBias().toFloatArray();
            vB[i] = l.vBias().toFloatArray();
            oB[i] = l.attnOutBias().toFloatArray();
            upB[i] = l.upBias().toFloatArray();
            downB[i] = l.downBias().toFloatArray();
        }
        outNormW = weights.outputNormWeight().toFloatArray();
        outNormB = weights.outputNormBias().toFloatArray();
        outB = weights.outputBias().toFloatArray();
    }

    public PhiConfig config() {
        return config;
    }

    public PhiWeights weights() {
        return weights;
    }

    /**
     * Runs {@code tokens[from .. from+count)} at positions {@code startPos ..} through the model, appending
     * their keys and values to {@code cache}. Returns logits {@code [rows, vocab]} for every token when
     * {@code allLogits}, else for the last token only (prefill skips the output matrix for the rest); with
     * {@code logits} false, no logits at all (a prompt batch that is not the last) and the result is null.
     * The returned array is reused by the next call on this model: read it (or copy it) before calling again.
     */
    public float[] forward(int[] tokens, int from, int count, int startPos, KvCache cache, boolean allLogits,
                           boolean logits) {
        if (count <= 0) {
            throw new IllegalArgumentException("no tokens");
        }
        if (startPos + count > cache.capacity()) {
            throw new PhiException("context full: " + (startPos + count) + " tokens do not fit in a context of "
                    + cache.capacity());
        }
        int[] positions = new int[count];
        KvCache[] caches = new KvCache[count];
        for (int t = 0; t < count; t++) {
            positions[t] = startPos + t;
            caches[t] = cache;
        }
        return run(tokens, from, count, positions, caches, !logits ? 0 : allLogits ? count : 1, null);
    }

    /** Receives final hidden states: row {@code index} (relative to the call) at {@code hidden[offset .. offset+hiddenSize)}. */
    @FunctionalInterface
    public interface HiddenConsumer {
        void accept(int index, float[] hidden, int offset);
    }

    /**
     * Like {@link #forward} without logits, but hands every row's final hidden state — after the final LayerNorm,
     * the vector the output matrix would multiply (Hugging Face's {@code hidden_states[-1]} after
     * {@code final_layernorm}) — to {@code consumer}, in order. Used for document embeddings (mean pooling). The
     * buffer is reused: copy what you need before returning.
     */
    public void forwardHidden(int[] tokens, int from, int count, int startPos, KvCache cache, HiddenConsumer consumer) {
        if (count <= 0) {
            throw new IllegalArgumentException("no tokens");
        }
        if (startPos + count > cache.capacity()) {
            throw new PhiException("context full: " + (startPos + count) + " tokens do not fit in a context of "
                    + cache.capacity());
        }
        int[] positions = new int[count];
        KvCache[] caches = new KvCache[count];
        for (int t = 0; t < count; t++) {
            positions[t] = startPos + t;
            caches[t] = cache;
        }
        run(tokens, from, count, positions, caches, 0, consumer);
    }

    /**
     * One decoding step for several independent sequences at once: row {@code i} is token {@code tokens[i]}
     * at position {@code positions[i]} of the sequence whose cache is {@code caches[i]}. The weights are read
     * once for all rows (a matrix–matrix pass), which is what makes continuous batching pay. Returns logits
     * {@code [rows, vocab]}. Rows must not share a cache.
     */
    public float[] forwardBatch(int[] tokens, int[] positions, KvCache[] caches) {
        int n = tokens.length;
        if (positions.length != n || caches.length != n || n == 0) {
            throw new IllegalArgumentException("tokens, positions and caches must have the same non-zero length");
        }
        for (int i = 0; i < n; i++) {
            if (positions[i] < 0 || positions[i] >= caches[i].capacity()) {
                throw new PhiException("context full: position " + positions[i] + " in a context of " + caches[i].capacity());
            }
        }
        return run(tokens, 0, n, positions, caches, n, null);
    }

    /**
     * Rows of several sequences in one pass, for batched scoring: row {@code i} is {@code tokens[i]} at position
     * {@code positions[i]} of {@code caches[i]}. Unlike {@link #forwardBatch}, rows may share a cache (a sequence
     * may contribute several consecutive tokens), as long as no two rows write the same position of the same
     * cache: every row's key and value are stored before any row attends, so a row sees all rows of its cache at
     * earlier positions, from this call or before. Returns logits {@code [logitRows, vocab]} for the last
     * {@code logitRows} rows (null when 0): callers put the rows whose predictions they need last.
     */
    public float[] forwardRows(int[] tokens, int[] positions, KvCache[] caches, int logitRows) {
        int n = tokens.length;
        if (positions.length != n || caches.length != n || n == 0 || logitRows < 0 || logitRows > n) {
            throw new IllegalArgumentException("tokens, positions and caches must have the same non-zero length");
        }
        for (int i = 0; i < n; i++) {
            if (positions[i] < 0 || positions[i] >= caches[i].capacity()) {
                throw new PhiException("context full: position " + positions[i] + " in a context of " + caches[i].capacity());
            }
        }
        return run(tokens, 0, n, positions, caches, logitRows, null);
    }

    /**
     * The forward pass over {@code count} rows; row {@code t} is {@code tokens[from + t]} at {@code positions[t]}
     * in {@code caches[t]}. Returns logits for the last {@code logitRows} rows (none if 0); when {@code hidden} is
     * given, it first receives every row's final-LayerNorm output.
     */
    private synchronized float[] run(int[] tokens, int from, int count, int[] positions, KvCache[] caches, int logitRows,
                                     HiddenConsumer hidden) {
        int h = config.hiddenSize(), kvDim = config.kvDim();
        // Last row first: a cache's rows come in increasing positions, so its first ensure makes room for all of
        // them at once and the others return at once (no intermediate sizes to copy and throw away).
        for (int t = count - 1; t >= 0; t--) {
            caches[t].ensure(positions[t] + 1);
        }
        Scratch a = scratch(count);
        float[] x = a.x, xn = a.xn, q = a.q, k = a.k, v = a.v, att = a.att, attOut = a.attOut, up = a.up, down = a.down;
        embed(tokens, from, count, x);
        for (int l = 0; l < config.numLayers(); l++) {
            PhiWeights.Layer w = weights.layer(l);
            Ops.layerNorm(x, xn, count, h, normW[l], normB[l], config.layerNormEps());
            MatMul.matmul(pool, w.q(), qB[l], xn, count, q);
            MatMul.matmul(pool, w.k(), kB[l], xn, count, k);
            MatMul.matmul(pool, w.v(), vB[l], xn, count, v);
            for (int t = 0; t < count; t++) {
                rope.apply(q, t * h, config.numHeads(), config.headDim(), positions[t]);
                rope.apply(k, t * kvDim, config.numKvHeads(), config.headDim(), positions[t]);
                System.arraycopy(k, t * kvDim, caches[t].keys[l], positions[t] * kvDim, kvDim);
                System.arraycopy(v, t * kvDim, caches[t].values[l], positions[t] * kvDim, kvDim);
            }
            attention(l, q, caches, positions, count, att);
            MatMul.matmul(pool, w.attnOut(), oB[l], att, count, attOut);
            MatMul.matmul(pool, w.up(), upB[l], xn, count, up);
            int upLength = count * config.intermediateSize();
            pool.parallelFor(upLength, (lo, hi) -> ElementwiseKernels.geluNew(up, lo, hi));
            MatMul.matmul(pool, w.down(), downB[l], up, count, down);
            ElementwiseKernels.addTwo(x, attOut, down, count * h);
        }
        if (hidden != null) {
            Ops.layerNorm(x, xn, count, h, outNormW, outNormB, config.layerNormEps());
            for (int t = 0; t < count; t++) {
                hidden.accept(t, xn, t * h);
            }
        }
        if (logitRows == 0) {
            return null;
        }
        int firstRow = count - logitRows;
        System.arraycopy(x, firstRow * h, att, 0, logitRows * h); // att is free by now
        Ops.layerNorm(att, xn, logitRows, h, outNormW, outNormB, config.layerNormEps());
        float[] out = a.logits(logitRows * config.vocabSize());
        MatMul.matmul(pool, weights.output(), outB, xn, logitRows, out);
        return out;
    }

    /** Scratch for {@code rows} rows: the previous one if it is large enough. */
    private Scratch scratch(int rows) {
        if (scratch.rows < rows) {
            scratch = new Scratch(rows, config);
        }
        return scratch;
    }

    /** Per-call activations, sized for a number of rows. */
    private static final class Scratch {
        final int rows;
        final float[] x, xn, q, k, v, att, attOut, up, down;
        private float[] logits = new float[0];

        Scratch(int rows, PhiConfig c) {
            this.rows = rows;
            int h = c == null ? 0 : c.hiddenSize(), kv = c == null ? 0 : c.kvDim(), ff = c == null ? 0 : c.intermediateSize();
            x = new float[rows * h];
            xn = new float[rows * h];
            q = new float[rows * h];
            k = new float[rows * kv];
            v = new float[rows * kv];
            att = new float[rows * h];
            attOut = new float[rows * h];
            up = new float[rows * ff];
            down = new float[rows * h];
        }

        /** The logits buffer, valid until the next forward call. */
        float[] logits(int n) {
            if (logits.length < n) {
                logits = new float[n];
            }
            return logits;
        }
    }

    private void embed(int[] tokens, int from, int count, float[] x) {
        Tensor table = weights.tokenEmbedding();
        int h = config.hiddenSize();
        for (int t = 0; t < count; t++) {
            int id = tokens[from + t];
            if (id < 0 || id >= config.vocabSize()) {
                throw new PhiException("token id " + id + " is outside the vocabulary (0.." + (config.vocabSize() - 1) + ")");
            }
            table.dequantizeRow(id, x, t * h);
        }
    }

    /**
     * Causal softmax attention of each row's query against positions {@code [0, positions[t]]} of its own cache
     * (which already holds this batch's keys and values), scores and softmax in float32 with scale
     * {@code 1/sqrt(headDim)}; one task per (row, head).
     */
    /** Per-thread score buffers, grown as contexts grow (no allocation per token once warm). */
    private static final ThreadLocal<float[][]> SCORES = ThreadLocal.withInitial(() -> new float[][] {new float[256]});

    private static float[] attentionScores(int n) {
        float[][] holder = SCORES.get();
        if (holder[0].length < n) {
            holder[0] = new float[Math.max(n, holder[0].length * 2)];
        }
        return holder[0];
    }

    private void attention(int layer, float[] q, KvCache[] caches, int[] positions, int count, float[] out) {
        int heads = config.numHeads(), headDim = config.headDim(), kvDim = config.kvDim();
        int group = heads / config.numKvHeads();
        float scale = (float) (1.0 / Math.sqrt(headDim));
        int maxLen = 0;
        for (int p : positions) {
            maxLen = Math.max(maxLen, p + 1);
        }
        int scoresLength = maxLen;
        pool.parallelFor(count * heads, (from, to) -> {
            float[] scores = attentionScores(scoresLength);
            for (int task = from; task < to; task++) {
                int t = task / heads, head = task % heads;
                int qo = t * heads * headDim + head * headDim;
                AttentionKernels.attendHead(q, qo, caches[t].keys[layer], caches[t].values[layer], kvDim,
                        (head / group) * headDim, headDim, positions[t] + 1, scale, scores, out, qo);
            }
        });
    }
}
