package io.phi4j.train.model;

import io.phi4j.model.PhiConfig;
import io.phi4j.model.TensorNames;
import io.phi4j.model.WeightInit;
import io.phi4j.train.ops.Dropout;

/**
 * Initial weights for training from scratch: core's {@link WeightInit} (Hugging Face's
 * {@code PhiPreTrainedModel._init_weights}: linear and embedding matrices N(0, 0.02²), biases 0, LayerNorm
 * weight 1 and bias 0, from per-row random streams keyed by seed and tensor name — the same numbers
 * {@code phi init} writes), then GPT-2's scaled residual init (nanoGPT, llm.c): the two projections that write
 * into the residual stream ({@code dense}, {@code fc2}) are multiplied by {@code 1/sqrt(2 · layers)} so the
 * stream's variance does not grow with depth. The fused q/k/v matrix takes its rows from the {@code attn_q},
 * {@code attn_k} and {@code attn_v} streams.
 */
public final class TrainInit {
    private TrainInit() {
    }

    public static void initialize(PhiParams params, long seed) {
        initialize(params, seed, true);
    }

    public static void initialize(PhiParams params, long seed, boolean scaledResidual) {
        WeightInit init = WeightInit.of(seed);
        PhiConfig c = params.config();
        float residualScale = scaledResidual ? (float) (1 / Math.sqrt(2.0 * c.numLayers())) : 1f;
        for (Param p : params.all()) {
            String n = p.name();
            int[] shape = p.shape();
            int cols = shape[shape.length - 1];
            int rows = shape.length == 2 ? shape[0] : 1;
            if (n.contains("." + TensorNames.ATTN_QKV + ".") && shape.length == 2) {
                int layer = Integer.parseInt(n.split("\\.")[1]);
                int[] parts = {c.hiddenSize(), c.kvDim(), c.kvDim()};
                String[] names = {TensorNames.ATTN_Q, TensorNames.ATTN_K, TensorNames.ATTN_V};
                int row = 0;
                for (int i = 0; i < 3; i++) {
                    float[] part = new float[parts[i] * cols];
                    init.fill(TensorNames.weight(layer, names[i]), 0, parts[i], cols, part);
                    System.arraycopy(part, 0, p.value(), row * cols, part.length);
                    row += parts[i];
                }
            } else {
                init.fill(n, 0, rows, cols, p.value());
            }
            if (shape.length == 2 && (n.contains("." + TensorNames.ATTN_OUTPUT + ".") || n.contains("." + TensorNames.FFN_DOWN + "."))) {
                float[] v = p.value();
                for (int i = 0; i < v.length; i++) {
                    v[i] *= residualScale;
                }
            }
        }
    }

    /** N(0, std²) values from a SplitMix64 stream starting at {@code state}. */
    public static void fillNormal(float[] v, double std, long state) {
        for (int i = 0; i < v.length; i += 2) {
            state += 0x9e3779b97f4a7c15L;
            double u1 = ((Dropout.mix(state) >>> 11) + 1) * 0x1.0p-53; // (0, 1]
            state += 0x9e3779b97f4a7c15L;
            double u2 = (Dropout.mix(state) >>> 11) * 0x1.0p-53;
            double r = Math.sqrt(-2 * StrictMath.log(u1)) * std;
            v[i] = (float) (r * StrictMath.cos(2 * Math.PI * u2));
            if (i + 1 < v.length) {
                v[i + 1] = (float) (r * StrictMath.sin(2 * Math.PI * u2));
            }
        }
    }
}
