package io.phi4j.train.model;

import io.phi4j.train.ops.Dropout;

/**
 * Initial weights for training from scratch, as Hugging Face's {@code PhiPreTrainedModel._init_weights}:
 * linear and embedding matrices N(0, {@code initializer_range}² = 0.02²), biases 0, LayerNorm weight 1 and
 * bias 0; plus GPT-2's scaled residual init (nanoGPT, llm.c): the two projections that write into the
 * residual stream ({@code dense}, {@code fc2}) get std {@code 0.02 / sqrt(2 · layers)} so the stream's
 * variance does not grow with depth. Normals come from a seeded SplitMix64 + Box–Muller, the same values on
 * every JVM.
 *
 * <p>(Core's {@code io.phi4j.model.WeightInit} for {@code phi init} was not on main when this was written;
 * once it lands, the two should share one definition.)
 */
public final class TrainInit {
    public static final double INITIALIZER_RANGE = 0.02;

    private TrainInit() {
    }

    public static void initialize(PhiParams params, long seed) {
        initialize(params, seed, INITIALIZER_RANGE, true);
    }

    public static void initialize(PhiParams params, long seed, double std, boolean scaledResidual) {
        double residualStd = scaledResidual ? std / Math.sqrt(2.0 * params.config().numLayers()) : std;
        int index = 0;
        for (Param p : params.all()) {
            String n = p.name();
            float[] v = p.value();
            if (p.decays()) {
                boolean residual = n.contains(".attn_output.") || n.contains(".ffn_down.");
                fillNormal(v, residual ? residualStd : std, Dropout.mix(seed * 31 + index));
            } else if (n.endsWith("norm.weight")) {
                java.util.Arrays.fill(v, 1f);
            } else {
                java.util.Arrays.fill(v, 0f);
            }
            index++;
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
