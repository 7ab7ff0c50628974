package io.phi4j.train.grow;

import io.phi4j.PhiException;
import io.phi4j.model.PhiConfig;
import io.phi4j.train.model.Param;
import io.phi4j.train.model.PhiParams;
import io.phi4j.train.model.TrainInit;

import java.util.ArrayList;
import java.util.List;

/**
 * Grows a trained Phi model into a larger one that starts from what the small one knows ("scaled knowledge
 * transfer", as Phi-2 was seeded from Phi-1.5).
 *
 * <p><b>Width</b> (hidden size × n, heads × n with the head size kept, MLP size × m) by HyperCloning
 * (Samragh et al., 2024, "Scaling Smart: Accelerating Large Language Model Pre-training with Small Model
 * Initialization"): every hidden vector of the large model is the small one's repeated n times. A linear map
 * from a tiled input to a tiled output is the small matrix tiled in blocks, each divided by the input's
 * repetition count; LayerNorm of a tiled vector is the tiled LayerNorm (same mean and variance) with tiled
 * weights; query/key/value heads are repeated, so each copy of a head attends exactly as the original; the
 * output matrix's columns are tiled and divided by n, so the logits are unchanged. This is <em>exactly</em>
 * function-preserving (up to float summation order), and for n and m powers of two the divisions are exact.
 * Optional {@code noise} (a fraction of each matrix's standard deviation) breaks the symmetry between copies,
 * which plain gradient descent would otherwise keep forever; it makes the function approximately preserved.
 *
 * <p><b>Depth</b> (more layers): each new block is a copy of an existing block whose two residual-writing
 * projections ({@code dense} and {@code fc2}, weights and biases) are zero, so it adds
 * {@code attn + mlp = 0} to the residual stream: in a parallel block that is exactly the identity.
 * ({@link DepthInit#COPY} keeps them, as G_stack does: not function-preserving, measured instead.) New blocks
 * go after their source ({@link DepthLayout#INTERLEAVE}: 0,0',1,1',…) or repeat the stack on top
 * ({@link DepthLayout#STACK}: 0..L-1,0'..).
 */
public final class Grow {
    public enum DepthLayout { INTERLEAVE, STACK }

    public enum DepthInit { IDENTITY, COPY }

    public record Options(DepthLayout layout, DepthInit depthInit, double noise, long seed) {
        public static Options exact() {
            return new Options(DepthLayout.INTERLEAVE, DepthInit.IDENTITY, 0, 0);
        }
    }

    private Grow() {
    }

    /** Which grown layers exist and where each comes from. */
    public record LayerPlan(int source, boolean added) {
    }

    public static PhiParams grow(PhiParams small, PhiConfig target, Options opt) {
        PhiConfig s = small.config();
        check(s, target);
        int n = target.hiddenSize() / s.hiddenSize(), m = target.intermediateSize() / s.intermediateSize();
        PhiParams big = new PhiParams(target);
        tileColumns(small.embedding(), big.embedding(), n, 1);
        tileVector(small.finalNormW(), big.finalNormW(), n);
        tileVector(small.finalNormB(), big.finalNormB(), n);
        tileColumns(small.outputW(), big.outputW(), n, n);
        System.arraycopy(small.outputB().value(), 0, big.outputB().value(), 0, s.vocabSize());
        List<LayerPlan> plan = plan(s.numLayers(), target.numLayers(), opt.layout());
        int hd = s.headDim();
        for (int l = 0; l < plan.size(); l++) {
            PhiParams.Block a = small.block(plan.get(l).source()), b = big.block(l);
            tileVector(a.normW(), b.normW(), n);
            tileVector(a.normB(), b.normB(), n);
            // qkv rows are [q heads | k heads | v heads]: repeat each group of heads n times
            int[] rowGroups = {s.hiddenSize(), s.kvDim(), s.kvDim()};
            int srcRow = 0, dstRow = 0;
            for (int rows : rowGroups) {
                for (int copy = 0; copy < n; copy++) {
                    tileRows(a.qkvW(), srcRow, rows, b.qkvW(), dstRow, n, s.hiddenSize());
                    System.arraycopy(a.qkvB().value(), srcRow, b.qkvB().value(), dstRow, rows);
                    dstRow += rows;
                }
                srcRow += rows;
            }
            tileBlocks(a.outW(), b.outW(), n, n);
            tileVector(a.outB(), b.outB(), n);
            tileBlocks(a.upW(), b.upW(), m, n);
            tileVector(a.upB(), b.upB(), m);
            tileBlocks(a.downW(), b.downW(), n, m);
            tileVector(a.downB(), b.downB(), n);
            if (plan.get(l).added() && opt.depthInit() == DepthInit.IDENTITY) {
                java.util.Arrays.fill(b.outW().value(), 0f);
                java.util.Arrays.fill(b.outB().value(), 0f);
                java.util.Arrays.fill(b.downW().value(), 0f);
                java.util.Arrays.fill(b.downB().value(), 0f);
            }
        }
        if (opt.noise() > 0 && (n > 1 || m > 1)) {
            addNoise(big, opt.noise(), opt.seed());
        }
        if (hd != target.headDim()) {
            throw new IllegalStateException("head size changed");
        }
        return big;
    }

    /** The source layer of every grown layer, and whether it is new. */
    public static List<LayerPlan> plan(int from, int to, DepthLayout layout) {
        List<LayerPlan> plan = new ArrayList<>();
        int extra = to - from;
        if (layout == DepthLayout.STACK) {
            for (int i = 0; i < from; i++) {
                plan.add(new LayerPlan(i, false));
            }
            for (int i = 0; i < extra; i++) {
                plan.add(new LayerPlan(i % from, true));
            }
        } else {
            for (int i = 0; i < from; i++) {
                plan.add(new LayerPlan(i, false));
                int copies = (int) ((long) (i + 1) * extra / from - (long) i * extra / from);
                for (int c = 0; c < copies; c++) {
                    plan.add(new LayerPlan(i, true));
                }
            }
        }
        return plan;
    }

    static void check(PhiConfig s, PhiConfig t) {
        String why = null;
        if (t.vocabSize() != s.vocabSize()) {
            why = "the vocabulary must stay " + s.vocabSize();
        } else if (t.headDim() != s.headDim()) {
            why = "the head size must stay " + s.headDim() + " (grow the head count instead)";
        } else if (t.ropeDims() != s.ropeDims() || t.ropeTheta() != s.ropeTheta()) {
            why = "the rotary settings must stay (" + s.ropeDims() + " dims, theta " + s.ropeTheta() + ")";
        } else if (t.hiddenSize() % s.hiddenSize() != 0 || t.intermediateSize() % s.intermediateSize() != 0) {
            why = "hidden and MLP sizes must be whole multiples of the small model's (" + s.hiddenSize() + ", "
                    + s.intermediateSize() + ")";
        } else if (t.numKvHeads() * s.numHeads() != t.numHeads() * s.numKvHeads()) {
            why = "key/value heads must grow with the query heads";
        } else if (t.numLayers() < s.numLayers()) {
            why = "the layer count cannot shrink";
        } else if (t.layerNormEps() != s.layerNormEps()) {
            why = "the LayerNorm epsilon must stay " + s.layerNormEps();
        }
        if (why != null) {
            throw new PhiException("cannot grow " + describe(s) + " into " + describe(t) + ": " + why);
        }
    }

    static String describe(PhiConfig c) {
        return "hidden " + c.hiddenSize() + "/" + c.numLayers() + " layers/" + c.numHeads() + " heads/MLP " + c.intermediateSize();
    }

    private static void tileVector(Param a, Param b, int n) {
        float[] src = a.value(), dst = b.value();
        for (int c = 0; c < n; c++) {
            System.arraycopy(src, 0, dst, c * src.length, src.length);
        }
    }

    /** {@code b[r, c*cols + j] = a[r, j] / div} for each of n column copies. */
    private static void tileColumns(Param a, Param b, int n, int div) {
        int rows = a.shape()[0], cols = a.shape()[1];
        float[] src = a.value(), dst = b.value();
        float scale = 1f / div;
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < n; c++) {
                for (int j = 0; j < cols; j++) {
                    dst[(r * n + c) * cols + j] = src[r * cols + j] * scale;
                }
            }
        }
    }

    /** Rows {@code [srcRow, srcRow+rows)} of a (columns {@code inCols}) into b's rows from {@code dstRow}, columns tiled n times, / n. */
    private static void tileRows(Param a, int srcRow, int rows, Param b, int dstRow, int n, int inCols) {
        float[] src = a.value(), dst = b.value();
        float scale = 1f / n;
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < n; c++) {
                for (int j = 0; j < inCols; j++) {
                    dst[(dstRow + r) * inCols * n + c * inCols + j] = src[(srcRow + r) * inCols + j] * scale;
                }
            }
        }
    }

    /** {@code b} ({@code [outRep·out, inRep·in]}) = a tiled outRep × inRep times, divided by inRep. */
    private static void tileBlocks(Param a, Param b, int outRep, int inRep) {
        int out = a.shape()[0], in = a.shape()[1];
        float[] src = a.value(), dst = b.value();
        float scale = 1f / inRep;
        int bigIn = in * inRep;
        for (int ro = 0; ro < outRep; ro++) {
            for (int r = 0; r < out; r++) {
                for (int ci = 0; ci < inRep; ci++) {
                    for (int j = 0; j < in; j++) {
                        dst[(ro * out + r) * bigIn + ci * in + j] = src[r * in + j] * scale;
                    }
                }
            }
        }
    }

    private static void addNoise(PhiParams p, double fraction, long seed) {
        int i = 0;
        for (Param param : p.all()) {
            i++;
            if (!param.decays() || param == p.embedding()) {
                continue;
            }
            float[] v = param.value();
            double sum = 0;
            for (float x : v) {
                sum += (double) x * x;
            }
            double std = Math.sqrt(sum / v.length);
            if (std == 0) {
                continue; // identity blocks' zero projections stay zero
            }
            float[] noise = new float[v.length];
            TrainInit.fillNormal(noise, fraction * std, seed * 7919 + i);
            for (int j = 0; j < v.length; j++) {
                v[j] += noise[j];
            }
        }
    }
}
