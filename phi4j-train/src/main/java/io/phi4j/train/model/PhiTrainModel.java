package io.phi4j.train.model;

import io.phi4j.PhiException;
import io.phi4j.kernel.WorkerPool;
import io.phi4j.model.PhiConfig;
import io.phi4j.train.kernel.TrainMatMul;
import io.phi4j.train.ops.AttentionOp;
import io.phi4j.train.ops.CrossEntropyOp;
import io.phi4j.train.ops.Dropout;
import io.phi4j.train.ops.GeluOp;
import io.phi4j.train.ops.LayerNormOp;
import io.phi4j.train.ops.RotaryOp;

/**
 * The Phi model (Hugging Face {@code PhiForCausalLM}) on a fixed batch shape {@code [B, T]}, forward and
 * hand-written backward, in the explicit style of llm.c's {@code gpt2_forward} / {@code gpt2_backward}: every
 * activation the backward pass needs is kept in a buffer sized at construction, and each operation's
 * backward is called in reverse order.
 *
 * <p>The block is Phi's parallel one: {@code x + drop(dense(attn(LN(x)))) + drop(fc2(gelu(fc1(LN(x)))))}, one
 * LayerNorm shared by both branches, partial NeoX rotary on q and k, then a final LayerNorm and the output
 * matrix with bias. Dropout sites are Hugging Face's: {@code embd_pdrop} on the embeddings,
 * {@code resid_pdrop} on each branch output.
 */
public final class PhiTrainModel {
    private final PhiConfig config;
    private final PhiParams params;
    private final int batch, seq, rows;
    private final int h, ff, vocab, qkvDim, layers;
    private final WorkerPool pool;
    private final TrainMatMul mm;
    private final AttentionOp attention;
    private final RotaryOp rotary;
    private float residDropout, embdDropout;

    // activations kept for the backward pass
    private final float[][] resid, lnOut, lnMean, lnRstd, qkv, probs, attY, fc, act;
    private final float[] lnfOut, lnfMean, lnfRstd, logits, lse, losses;
    // scratch
    private final float[] branch, dresid, dln, dqkv, dattY, dfc;
    private final int[] inputs, targets;
    private boolean haveTargets;
    private boolean logitsAreGradients;
    private boolean training;
    private long dropoutSeed, dropoutStep;
    private int dropoutMicro;

    public PhiTrainModel(PhiParams params, int batch, int seq, TrainMatMul mm) {
        this.config = params.config();
        this.params = params;
        this.batch = batch;
        this.seq = seq;
        if (batch <= 0 || seq <= 0) {
            throw new PhiException("batch size and context length must be positive (got " + batch + " and " + seq + ")");
        }
        if (seq > config.contextLength()) {
            throw new PhiException("context length " + seq + " is longer than the model's " + config.contextLength());
        }
        long rowsL = (long) batch * seq;
        this.rows = Math.toIntExact(rowsL);
        this.h = config.hiddenSize();
        this.ff = config.intermediateSize();
        this.vocab = config.vocabSize();
        this.qkvDim = h + 2 * config.kvDim();
        this.layers = config.numLayers();
        this.mm = mm;
        this.pool = mm.pool();
        this.attention = new AttentionOp(mm.gemm(), batch, seq, config.numHeads(), config.numKvHeads(), config.headDim());
        this.rotary = new RotaryOp(config.ropeDims(), config.ropeTheta(), seq);
        checkSize("logits", rowsL * vocab);
        checkSize("attention probabilities", attention.probsSize());
        resid = new float[layers + 1][rows * h];
        lnOut = new float[layers][rows * h];
        lnMean = new float[layers][rows];
        lnRstd = new float[layers][rows];
        qkv = new float[layers][rows * qkvDim];
        probs = new float[layers][(int) attention.probsSize()];
        attY = new float[layers][rows * h];
        fc = new float[layers][checkSize("MLP activations", rowsL * ff)];
        act = new float[layers][rows * ff];
        lnfOut = new float[rows * h];
        lnfMean = new float[rows];
        lnfRstd = new float[rows];
        logits = new float[rows * vocab];
        lse = new float[rows];
        losses = new float[rows];
        branch = new float[rows * h];
        dresid = new float[rows * h];
        dln = new float[rows * h];
        dqkv = new float[rows * qkvDim];
        dattY = new float[rows * h];
        dfc = new float[rows * ff];
        inputs = new int[rows];
        targets = new int[rows];
    }

    private static int checkSize(String what, long n) {
        if (n > Integer.MAX_VALUE - 8) {
            throw new PhiException(what + " need " + n + " floats per layer, more than a Java array holds; use a smaller batch or context");
        }
        return (int) n;
    }

    /** Bytes of activation memory a model of this shape needs (an estimate for error messages and docs). */
    public static long activationBytes(PhiConfig c, int batch, int seq) {
        long r = (long) batch * seq, h = c.hiddenSize(), ff = c.intermediateSize();
        long qkv = h + 2L * c.kvDim();
        long perLayer = r * (3 * h + qkv + 2 * ff + 2) + (long) batch * c.numHeads() * seq * seq;
        long rest = r * (5 * h + qkv + ff + 3) + r * c.vocabSize() + r * h;
        return 4 * (c.numLayers() * perLayer + rest);
    }

    public PhiConfig config() {
        return config;
    }

    public PhiParams params() {
        return params;
    }

    public int batch() {
        return batch;
    }

    public int seq() {
        return seq;
    }

    /** Dropout probabilities applied when training ({@code resid_pdrop}, {@code embd_pdrop}). */
    public void setDropout(float residPdrop, float embdPdrop) {
        if (!(residPdrop >= 0 && residPdrop < 1) || !(embdPdrop >= 0 && embdPdrop < 1)) {
            throw new PhiException("dropout probabilities must be in [0, 1): resid " + residPdrop + ", embd " + embdPdrop);
        }
        this.residDropout = residPdrop;
        this.embdDropout = embdPdrop;
    }

    /**
     * Training mode: the next forward applies dropout with masks keyed by (seed, step, micro-batch), and the
     * backward replays them. Without this call (or after {@link #eval()}), no dropout.
     */
    public void train(long seed, long step, int micro) {
        this.training = true;
        this.dropoutSeed = seed;
        this.dropoutStep = step;
        this.dropoutMicro = micro;
    }

    public void eval() {
        this.training = false;
    }

    private boolean dropping(float p) {
        return training && p > 0f;
    }

    private long key(int site) {
        return Dropout.key(dropoutSeed, dropoutStep, dropoutMicro, site);
    }

    /**
     * Runs the model on {@code tokens [B*T]} (row-major: sequence b is {@code tokens[b*T .. b*T+T)}); with
     * {@code next} (the targets, same shape) returns the mean cross-entropy, else NaN (logits only).
     */
    public double forward(int[] tokens, int[] next) {
        if (tokens.length != rows || (next != null && next.length != rows)) {
            throw new IllegalArgumentException("expected " + rows + " tokens");
        }
        System.arraycopy(tokens, 0, inputs, 0, rows);
        haveTargets = next != null;
        if (haveTargets) {
            System.arraycopy(next, 0, targets, 0, rows);
        }
        logitsAreGradients = false;
        embed(resid[0]);
        if (dropping(embdDropout)) {
            Dropout.apply(pool, resid[0], rows * h, embdDropout, key(0));
        }
        double eps = config.layerNormEps();
        for (int l = 0; l < layers; l++) {
            PhiParams.Block p = params.block(l);
            float[] x = resid[l], out = resid[l + 1];
            LayerNormOp.forward(pool, x, lnOut[l], lnMean[l], lnRstd[l], p.normW().value(), p.normB().value(), rows, h, eps);
            mm.forward(lnOut[l], rows, h, p.qkvW().value(), p.qkvB().value(), qkvDim, qkv[l]);
            rotate(qkv[l], false);
            attention.forward(pool, qkv[l], probs[l], attY[l]);
            mm.forward(attY[l], rows, h, p.outW().value(), p.outB().value(), h, branch);
            if (dropping(residDropout)) {
                Dropout.apply(pool, branch, rows * h, residDropout, key(1 + 2 * l));
            }
            add(x, branch, out);
            mm.forward(lnOut[l], rows, h, p.upW().value(), p.upB().value(), ff, fc[l]);
            GeluOp.forward(pool, fc[l], act[l], rows * ff);
            mm.forward(act[l], rows, ff, p.downW().value(), p.downB().value(), h, branch);
            if (dropping(residDropout)) {
                Dropout.apply(pool, branch, rows * h, residDropout, key(2 + 2 * l));
            }
            add(out, branch, out);
        }
        LayerNormOp.forward(pool, resid[layers], lnfOut, lnfMean, lnfRstd, params.finalNormW().value(),
                params.finalNormB().value(), rows, h, eps);
        mm.forward(lnfOut, rows, h, params.outputW().value(), params.outputB().value(), vocab, logits);
        if (!haveTargets) {
            return Double.NaN;
        }
        return CrossEntropyOp.forward(pool, logits, targets, rows, vocab, lse, losses);
    }

    /** Logits {@code [B*T, vocab]} of the last forward (until {@link #backward} turns them into gradients). */
    public float[] logits() {
        if (logitsAreGradients) {
            throw new IllegalStateException("logits were consumed by backward()");
        }
        return logits;
    }

    /** Per-position losses of the last forward with targets. */
    public float[] losses() {
        return losses;
    }

    /**
     * Adds the gradient of {@code lossScale × mean loss} to every parameter's {@code grad} (call
     * {@link PhiParams#zeroGrad} first; micro-batches of an accumulated step pass {@code 1/steps}).
     */
    public void backward(float lossScale) {
        if (!haveTargets || logitsAreGradients) {
            throw new IllegalStateException("backward() needs a forward() with targets first");
        }
        logitsAreGradients = true;
        CrossEntropyOp.backward(pool, logits, targets, rows, vocab, lse, lossScale / rows);
        mm.backwardWeight(logits, rows, vocab, lnfOut, h, params.outputW().grad(), params.outputB().grad());
        mm.backwardInput(logits, rows, vocab, params.outputW().value(), h, dln, false);
        java.util.Arrays.fill(dresid, 0f);
        LayerNormOp.backward(pool, dln, resid[layers], lnfMean, lnfRstd, params.finalNormW().value(), dresid,
                params.finalNormW().grad(), params.finalNormB().grad(), rows, h);
        for (int l = layers - 1; l >= 0; l--) {
            PhiParams.Block p = params.block(l);
            // MLP branch: fc2 ∘ gelu ∘ fc1
            float[] d = branchGrad(2 + 2 * l);
            mm.backwardWeight(d, rows, h, act[l], ff, p.downW().grad(), p.downB().grad());
            mm.backwardInput(d, rows, h, p.downW().value(), ff, dfc, false);
            GeluOp.backward(pool, fc[l], dfc, dfc, rows * ff);
            mm.backwardWeight(dfc, rows, ff, lnOut[l], h, p.upW().grad(), p.upB().grad());
            mm.backwardInput(dfc, rows, ff, p.upW().value(), h, dln, false);
            // attention branch: dense ∘ attention ∘ rotary ∘ qkv
            d = branchGrad(1 + 2 * l);
            mm.backwardWeight(d, rows, h, attY[l], h, p.outW().grad(), p.outB().grad());
            mm.backwardInput(d, rows, h, p.outW().value(), h, dattY, false);
            attention.backward(pool, qkv[l], probs[l], dattY, dqkv);
            rotate(dqkv, true);
            mm.backwardWeight(dqkv, rows, qkvDim, lnOut[l], h, p.qkvW().grad(), p.qkvB().grad());
            mm.backwardInput(dqkv, rows, qkvDim, p.qkvW().value(), h, dln, true);
            // shared LayerNorm; the residual path passes dresid through unchanged
            LayerNormOp.backward(pool, dln, resid[l], lnMean[l], lnRstd[l], p.normW().value(), dresid,
                    p.normW().grad(), p.normB().grad(), rows, h);
        }
        if (dropping(embdDropout)) {
            Dropout.apply(pool, dresid, rows * h, embdDropout, key(0));
        }
        embedBackward(dresid);
    }

    /** The gradient reaching a branch output: dresid, through the branch's dropout mask if any. */
    private float[] branchGrad(int site) {
        if (!dropping(residDropout)) {
            return dresid;
        }
        System.arraycopy(dresid, 0, branch, 0, rows * h);
        Dropout.apply(pool, branch, rows * h, residDropout, key(site));
        return branch;
    }

    private void embed(float[] x) {
        float[] table = params.embedding().value();
        for (int r = 0; r < rows; r++) {
            int id = inputs[r];
            if (id < 0 || id >= vocab) {
                throw new PhiException("token id " + id + " is outside the vocabulary (0.." + (vocab - 1) + ")");
            }
        }
        pool.parallelFor(rows, (from, to) -> {
            for (int r = from; r < to; r++) {
                System.arraycopy(table, inputs[r] * h, x, r * h, h);
            }
        });
    }

    /** {@code dE[id] += dx[r]} for every row; split by columns so rows with the same id add in order. */
    private void embedBackward(float[] dx) {
        float[] g = params.embedding().grad();
        pool.parallelFor((h + 15) / 16, (from, to) -> {
            int j0 = from * 16, j1 = Math.min(h, to * 16);
            for (int r = 0; r < rows; r++) {
                int o = inputs[r] * h, s = r * h;
                for (int j = j0; j < j1; j++) {
                    g[o + j] += dx[s + j];
                }
            }
        });
    }

    private void rotate(float[] buf, boolean inverse) {
        int heads = config.numHeads(), kvHeads = config.numKvHeads(), hd = config.headDim();
        pool.parallelFor(rows, (from, to) -> {
            for (int r = from; r < to; r++) {
                int pos = r % seq;
                rotary.apply(buf, r * qkvDim, heads, hd, pos, inverse);
                rotary.apply(buf, r * qkvDim + h, kvHeads, hd, pos, inverse);
            }
        });
    }

    private void add(float[] a, float[] b, float[] out) {
        int n = rows * h;
        pool.parallelFor((n + 4095) / 4096, (from, to) -> {
            for (int i = from * 4096, end = Math.min(n, to * 4096); i < end; i++) {
                out[i] = a[i] + b[i];
            }
        });
    }
}
