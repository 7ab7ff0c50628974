package io.phi4j.train.run;

import io.phi4j.model.PhiConfig;

/**
 * Model FLOPs per trained token, as PaLM's MFU definition counts them (Chowdhery et al. 2022, appendix B):
 * {@code 6 N + 12 L h T}, where N is the number of weights in matrix multiplications (every linear layer and
 * the output matrix; not the embedding lookup, biases or LayerNorms), L layers, h hidden size, T context. The
 * first term is forward (2N) plus backward (4N); the second is attention's scores and weighted sums.
 */
public final class Flops {
    private Flops() {
    }

    public static long matmulWeights(PhiConfig c) {
        long h = c.hiddenSize(), ff = c.intermediateSize(), qkv = h + 2L * c.kvDim();
        return c.numLayers() * (qkv * h + h * h + 2 * h * ff) + (long) c.vocabSize() * h;
    }

    public static double perToken(PhiConfig c, int ctx) {
        return 6.0 * matmulWeights(c) + 12.0 * c.numLayers() * c.hiddenSize() * ctx;
    }

    /** Forward only (evaluation): a third of the training cost. */
    public static double forwardPerToken(PhiConfig c, int ctx) {
        return perToken(c, ctx) / 3;
    }
}
