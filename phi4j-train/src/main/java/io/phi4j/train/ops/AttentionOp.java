package io.phi4j.train.ops;

import io.phi4j.kernel.WorkerPool;
import io.phi4j.train.kernel.MatrixView;
import io.phi4j.train.kernel.Sgemm;

/**
 * Causal softmax attention over a batch of sequences, forward and backward (llm.c's
 * {@code attention_forward/backward}, written with GEMMs). Input rows hold {@code [q | k | v]}
 * ({@code numHeads} query heads, then {@code numKvHeads} key and value heads of {@code headDim} each, as
 * Hugging Face's separate q/k/v projections concatenated); query head {@code h} reads key/value head
 * {@code h / (numHeads / numKvHeads)}. The softmax probabilities {@code P [B, heads, T, T]} are kept for the
 * backward pass. Work is split by (sequence, key/value head), so gradients of shared keys and values are
 * summed by one thread in a fixed order. Rows are processed in blocks of {@link #BLOCK} so that blocks above
 * the diagonal (all masked) are never computed.
 */
public final class AttentionOp {
    static final int BLOCK = 64;

    private final Sgemm gemm;
    private final int batch, seq, heads, kvHeads, headDim;
    private final int qkvDim, hidden, group;
    private final float scale;
    private final ThreadLocal<float[]> scratch;

    public AttentionOp(Sgemm gemm, int batch, int seq, int heads, int kvHeads, int headDim) {
        this.gemm = gemm;
        this.batch = batch;
        this.seq = seq;
        this.heads = heads;
        this.kvHeads = kvHeads;
        this.headDim = headDim;
        this.hidden = heads * headDim;
        this.qkvDim = hidden + 2 * kvHeads * headDim;
        this.group = heads / kvHeads;
        this.scale = (float) (1.0 / Math.sqrt(headDim));
        this.scratch = ThreadLocal.withInitial(() -> new float[seq * seq]);
    }

    /** Elements of the probability buffer {@code P}. */
    public long probsSize() {
        return (long) batch * heads * seq * seq;
    }

    private int qOff(int b, int head) {
        return b * seq * qkvDim + head * headDim;
    }

    private int kOff(int b, int kvHead) {
        return b * seq * qkvDim + hidden + kvHead * headDim;
    }

    private int vOff(int b, int kvHead) {
        return kOff(b, kvHead) + kvHeads * headDim;
    }

    private int yOff(int b, int head) {
        return b * seq * hidden + head * headDim;
    }

    private int pOff(int b, int head) {
        return (b * heads + head) * seq * seq;
    }

    /** {@code y [B*T, hidden]} = softmax(q kᵀ / sqrt(headDim), causal) v; probabilities into {@code probs}. */
    public void forward(WorkerPool pool, float[] qkv, float[] probs, float[] y) {
        pool.parallelFor(batch * kvHeads, (from, to) -> {
            for (int task = from; task < to; task++) {
                int b = task / kvHeads, kvh = task % kvHeads;
                for (int head = kvh * group; head < (kvh + 1) * group; head++) {
                    forwardHead(qkv, probs, y, b, head, kvh);
                }
            }
        });
    }

    private void forwardHead(float[] qkv, float[] probs, float[] y, int b, int head, int kvh) {
        int p0 = pOff(b, head);
        MatrixView kT = new MatrixView(qkv, kOff(b, kvh), qkvDim, 1).transposed();
        MatrixView v = new MatrixView(qkv, vOff(b, kvh), qkvDim, 1);
        for (int r0 = 0; r0 < seq; r0 += BLOCK) {
            int r1 = Math.min(seq, r0 + BLOCK);
            MatrixView q = new MatrixView(qkv, qOff(b, head) + r0 * qkvDim, qkvDim, 1);
            MatrixView s = new MatrixView(probs, p0 + r0 * seq, seq, 1);
            gemm.multiply(r1 - r0, r1, headDim, q, kT, s, false);
            for (int t = r0; t < r1; t++) {
                softmaxRow(probs, p0 + t * seq, t, r1);
            }
            gemm.multiply(r1 - r0, headDim, r1, s, v, new MatrixView(y, yOff(b, head) + r0 * hidden, hidden, 1), false);
        }
    }

    /** Row {@code t}: scaled softmax over columns {@code 0..t}, zeros in {@code (t, limit)}. */
    private void softmaxRow(float[] p, int off, int t, int limit) {
        // scale > 0, so max(s * scale) = max(s) * scale
        float max = DetMath.max(p, off, t + 1) * scale;
        float sum = DetMath.expScaledShifted(p, off, t + 1, scale, max);
        float inv = 1f / sum;
        for (int j = 0; j <= t; j++) {
            p[off + j] *= inv;
        }
        for (int j = t + 1; j < limit; j++) {
            p[off + j] = 0f;
        }
    }

    /**
     * Gradients: from {@code dy [B*T, hidden]} and the forward's {@code qkv} and {@code probs}, writes
     * {@code dqkv [B*T, qkvDim]} (overwritten).
     */
    public void backward(WorkerPool pool, float[] qkv, float[] probs, float[] dy, float[] dqkv) {
        pool.parallelFor(batch * kvHeads, (from, to) -> {
            float[] ds = scratch.get();
            for (int task = from; task < to; task++) {
                int b = task / kvHeads, kvh = task % kvHeads;
                for (int head = kvh * group; head < (kvh + 1) * group; head++) {
                    backwardHead(qkv, probs, dy, dqkv, ds, b, head, kvh, head > kvh * group);
                }
            }
        });
    }

    private void backwardHead(float[] qkv, float[] probs, float[] dy, float[] dqkv, float[] ds, int b, int head,
                              int kvh, boolean accumulateKv) {
        int p0 = pOff(b, head);
        MatrixView k = new MatrixView(qkv, kOff(b, kvh), qkvDim, 1);
        MatrixView vT = new MatrixView(qkv, vOff(b, kvh), qkvDim, 1).transposed();
        for (int r0 = 0; r0 < seq; r0 += BLOCK) {
            int r1 = Math.min(seq, r0 + BLOCK);
            // dP = dY · Vᵀ for rows [r0, r1), columns [0, r1)
            MatrixView dyBlock = new MatrixView(dy, yOff(b, head) + r0 * hidden, hidden, 1);
            MatrixView dsBlock = new MatrixView(ds, r0 * seq, seq, 1);
            gemm.multiply(r1 - r0, r1, headDim, dyBlock, vT, dsBlock, false);
            // softmax backward: dS = P ⊙ (dP − Σ_j dP_j P_j), times the score scale
            for (int t = r0; t < r1; t++) {
                int po = p0 + t * seq, so = t * seq;
                float dot = 0f;
                for (int j = 0; j <= t; j++) {
                    dot += ds[so + j] * probs[po + j];
                }
                for (int j = 0; j <= t; j++) {
                    ds[so + j] = probs[po + j] * (ds[so + j] - dot) * scale;
                }
                for (int j = t + 1; j < r1; j++) {
                    ds[so + j] = 0f;
                }
            }
            // dQ = dS · K
            gemm.multiply(r1 - r0, headDim, r1, dsBlock, k,
                    new MatrixView(dqkv, qOff(b, head) + r0 * qkvDim, qkvDim, 1), false);
        }
        for (int r0 = 0; r0 < seq; r0 += BLOCK) {
            int r1 = Math.min(seq, r0 + BLOCK);
            // keys/values of rows [r0, r1) are seen by queries t in [r0, seq)
            MatrixView dsT = new MatrixView(ds, r0 * seq + r0, seq, 1).transposed();
            MatrixView pT = new MatrixView(probs, p0 + r0 * seq + r0, seq, 1).transposed();
            MatrixView q = new MatrixView(qkv, qOff(b, head) + r0 * qkvDim, qkvDim, 1);
            MatrixView dyRows = new MatrixView(dy, yOff(b, head) + r0 * hidden, hidden, 1);
            gemm.multiply(r1 - r0, headDim, seq - r0, dsT, q,
                    new MatrixView(dqkv, kOff(b, kvh) + r0 * qkvDim, qkvDim, 1), accumulateKv);
            gemm.multiply(r1 - r0, headDim, seq - r0, pT, dyRows,
                    new MatrixView(dqkv, vOff(b, kvh) + r0 * qkvDim, qkvDim, 1), accumulateKv);
        }
    }
}
