package io.phi4j.model;

import io.phi4j.PhiException;

/**
 * The shape of a Phi-family model (Phi-1, Phi-1.5, Phi-2): everything the forward pass needs besides weights.
 *
 * @param vocabSize        rows of the token embedding and of the output matrix (51200 for Phi-2)
 * @param hiddenSize       model width ({@code hidden_size} / {@code n_embd})
 * @param intermediateSize MLP width ({@code intermediate_size} / {@code n_inner}; 4 × hidden for Phi)
 * @param numLayers        decoder blocks
 * @param numHeads         attention heads for queries
 * @param numKvHeads       heads for keys and values (equal to numHeads in every published Phi-1/1.5/2)
 * @param ropeDims         leading dims of each head that get rotary embedding: {@code int(headDim × partial_rotary_factor)}
 * @param ropeTheta        rotary base (10000)
 * @param layerNormEps     LayerNorm epsilon (1e-5)
 * @param contextLength    maximum positions ({@code max_position_embeddings} / {@code n_positions})
 * @param bosTokenId       beginning-of-sequence id (-1 if none)
 * @param eosTokenId       end-of-sequence id (-1 if none)
 */
public record PhiConfig(
        int vocabSize,
        int hiddenSize,
        int intermediateSize,
        int numLayers,
        int numHeads,
        int numKvHeads,
        int ropeDims,
        double ropeTheta,
        double layerNormEps,
        int contextLength,
        int bosTokenId,
        int eosTokenId) {

    /** Sanity limits: anything beyond these is a corrupt or hostile file, not a model. */
    private static final long MAX_DIM = 1 << 20;

    public PhiConfig {
        check(vocabSize > 0 && vocabSize <= 4 * MAX_DIM, "vocab size", vocabSize);
        check(hiddenSize > 0 && hiddenSize <= MAX_DIM, "hidden size", hiddenSize);
        check(intermediateSize > 0 && intermediateSize <= 4 * MAX_DIM, "intermediate size", intermediateSize);
        check(numLayers > 0 && numLayers <= 4096, "layer count", numLayers);
        check(numHeads > 0 && hiddenSize % numHeads == 0, "head count (must divide hidden size " + hiddenSize + ")", numHeads);
        check(numKvHeads > 0 && numHeads % numKvHeads == 0, "key/value head count", numKvHeads);
        int headDim = hiddenSize / numHeads;
        check(ropeDims >= 0 && ropeDims <= headDim && ropeDims % 2 == 0,
                "rotary dimension count (must be even and at most head size " + headDim + ")", ropeDims);
        if (!(ropeTheta > 0) || Double.isInfinite(ropeTheta)) {
            throw new PhiException("invalid model config: rope theta " + ropeTheta);
        }
        if (!(layerNormEps > 0) || layerNormEps >= 1) {
            throw new PhiException("invalid model config: layer norm epsilon " + layerNormEps);
        }
        check(contextLength > 0 && contextLength <= 16 * MAX_DIM, "context length", contextLength);
    }

    private static void check(boolean ok, String what, long value) {
        if (!ok) {
            throw new PhiException("invalid model config: " + what + " " + value);
        }
    }

    public int headDim() {
        return hiddenSize / numHeads;
    }

    public int kvDim() {
        return numKvHeads * headDim();
    }

    /** {@code partial_rotary_factor} as Hugging Face stores it. */
    public double partialRotaryFactor() {
        return (double) ropeDims / headDim();
    }

    /** Parameter count implied by the shapes (weights and biases, untied output matrix). */
    public long parameterCount() {
        long h = hiddenSize, ff = intermediateSize, v = vocabSize, kv = kvDim();
        long perLayer = 2 * h                    // input LayerNorm
                + h * h + h + 2 * (h * kv + kv)  // q, k, v with bias
                + h * h + h                      // dense (attention output)
                + h * ff + ff + ff * h + h;      // fc1, fc2
        return v * h + numLayers * perLayer + 2 * h + v * h + v;
    }

    public PhiConfig withContextLength(int n) {
        return new PhiConfig(vocabSize, hiddenSize, intermediateSize, numLayers, numHeads, numKvHeads, ropeDims,
                ropeTheta, layerNormEps, n, bosTokenId, eosTokenId);
    }

    /** microsoft/phi-2. */
    public static PhiConfig phi2() {
        return new PhiConfig(51200, 2560, 10240, 32, 32, 32, 32, 10000, 1e-5, 2048, 50256, 50256);
    }

    /** microsoft/phi-1_5 (Phi-1 has the same shape). */
    public static PhiConfig phi15() {
        return new PhiConfig(51200, 2048, 8192, 24, 32, 32, 32, 10000, 1e-5, 2048, 50256, 50256);
    }
}
