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
                rope.apply(q, t * h, config.numHeads(), config.headDim(), startPos + t);
                rope.apply(k, t * kvDim, config.numKvHeads(), config.headDim(), startPos + t);
            }
            System.arraycopy(k, 0, cache.keys[l], startPos * kvDim, count * kvDim);
            System.arraycopy(v, 0, cache.values[l], startPos * kvDim, count * kvDim);
            attention(q, cache.keys[l], cache.values[l], count, startPos, att);
            MatMul.matmul(pool, w.attnOut(), oB[l], att, count, attOut);
            MatMul.matmul(pool, w.up(), upB[l], xn, count, up);
            pool.parallelFor(up.length, (a, b) -> Ops.geluNew(up, a, b));
            MatMul.matmul(pool, w.down(), downB[l], up, count, down);
            for (int i = 0; i < x.length; i++) {
                x[i] += attOut[i] + down[i];
            }
        }
        if (!logits) {
            return null;
        }
        int rows = allLogits ? count : 1;
        int firstRow = count - rows;
        float[] last = new float[rows * h];
        float[] normed = new float[rows * h];
        System.arraycopy(x, firstRow * h, last, 0, rows * h);
        Ops.layerNorm(last, normed, rows, h, outNormW, outNormB, config.layerNormEps());
        float[] out = new float[rows * vocab];
        MatMul.matmul(pool, weights.output(), outB, normed, rows, out);
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
     * Causal softmax attention of {@code count} new query rows against positions {@code [0, startPos + t]} of
     * the cache, scores and softmax in float32 with scale {@code 1/sqrt(headDim)}; one task per (token, head).
     */
    private void attention(float[] q, float[] keys, float[] values, int count, int startPos, float[] out) {
        int heads = config.numHeads(), headDim = config.headDim(), kvDim = config.kvDim();
        int group = heads / config.numKvHeads();
        float scale = (float) (1.0 / Math.sqrt(headDim));
        pool.parallelFor(count * heads, (from, to) -> {
            float[] scores = new float[startPos + count];
            for (int task = from; task < to; task++) {
                int t = task / heads, head = task % heads;
                int len = startPos + t + 1;
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
                int oo = qo;
                for (int d = 0; d < headDim; d++) {
                    out[oo + d] = 0f;
                }
                for (int p = 0; p < len; p++) {
                    float a = scores[p];
                    int vp = p * kvDim + ko;
                    for (int d = 0; d < headDim; d++) {
                        out[oo + d] += a * values[vp + d];
                    }
                }
            }
        });
    }
}
