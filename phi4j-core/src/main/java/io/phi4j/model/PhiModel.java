package io.phi4j.model;

import io.phi4j.PhiException;
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
        return run(tokens, from, count, positions, caches, !logits ? 0 : allLogits ? count : 1);
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
        return run(tokens, 0, n, positions, caches, n);
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
        return run(tokens, 0, n, positions, caches, logitRows);
    }

    /**
     * The forward pass over {@code count} rows; row {@code t} is {@code tokens[from + t]} at {@code positions[t]}
     * in {@code caches[t]}. Returns logits for the last {@code logitRows} rows (none if 0).
     */
    private float[] run(int[] tokens, int from, int count, int[] positions, KvCache[] caches, int logitRows) {
        int h = config.hiddenSize(), ff = config.intermediateSize(), kvDim = config.kvDim(), vocab = config.vocabSize();
        float[] x = new float[count * h];
        embed(tokens, from, count, x);

        float[] xn = new float[count * h], q = new float[count * h], k = new float[count * kvDim],
                v = new float[count * kvDim], att = new float[count * h], attOut = new float[count * h],
                up = new float[count * ff], down = new float[count * h];
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
            pool.parallelFor(up.length, (a, b) -> Ops.geluNew(up, a, b));
            MatMul.matmul(pool, w.down(), downB[l], up, count, down);
            for (int i = 0; i < x.length; i++) {
                x[i] += attOut[i] + down[i];
            }
        }
        if (logitRows == 0) {
            return null;
        }
        int firstRow = count - logitRows;
        float[] last = new float[logitRows * h];
        float[] normed = new float[logitRows * h];
        System.arraycopy(x, firstRow * h, last, 0, logitRows * h);
        Ops.layerNorm(last, normed, logitRows, h, outNormW, outNormB, config.layerNormEps());
        float[] out = new float[logitRows * vocab];
        MatMul.matmul(pool, weights.output(), outB, normed, logitRows, out);
        return out;
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
            float[] scores = new float[scoresLength];
            for (int task = from; task < to; task++) {
                int t = task / heads, head = task % heads;
                float[] keys = caches[t].keys[layer], values = caches[t].values[layer];
                int len = positions[t] + 1;
                int qo = t * heads * headDim + head * headDim;
                int ko = (head / group) * headDim;
                for (int p = 0; p < len; p++) {
                    float s = 0f;
                    int kp = p * kvDim + ko;
                    for (int d = 0; d < headDim; d++) {
                        s += q[qo + d] * keys[kp + d];
                    }
                    scores[p] = s * scale;
                }
                Ops.softmax(scores, 0, len);
                for (int d = 0; d < headDim; d++) {
                    out[qo + d] = 0f;
                }
                for (int p = 0; p < len; p++) {
                    float a = scores[p];
                    int vp = p * kvDim + ko;
                    for (int d = 0; d < headDim; d++) {
                        out[qo + d] += a * values[vp + d];
                    }
                }
            }
        });
    }
}
