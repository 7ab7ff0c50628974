package io.phi4j.model;

import io.phi4j.PhiException;
import io.phi4j.tensor.Tensor;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static io.phi4j.model.TensorNames.*;

/**
 * All tensors of a Phi model under canonical names, checked against a {@link PhiConfig}. A fused
 * {@code attn_qkv} (older GGUF files, phi-msft's {@code Wqkv}) is split into q, k and v views that share its
 * memory, so the forward pass sees one layout whatever the file had.
 */
public final class PhiWeights {
    /** One decoder block. Linear weights are {@code [out, in]}. */
    public record Layer(Tensor normWeight, Tensor normBias,
                        Tensor q, Tensor qBias, Tensor k, Tensor kBias, Tensor v, Tensor vBias,
                        Tensor attnOut, Tensor attnOutBias,
                        Tensor up, Tensor upBias, Tensor down, Tensor downBias) {
    }

    private final PhiConfig config;
    private final Map<String, Tensor> tensors;
    private final Tensor tokenEmbedding;
    private final List<Layer> layers;
    private final Tensor outputNormWeight, outputNormBias, output, outputBias;

    private PhiWeights(PhiConfig config, Map<String, Tensor> tensors) {
        this.config = config;
        this.tensors = Collections.unmodifiableMap(tensors);
        int h = config.hiddenSize(), ff = config.intermediateSize(), kv = config.kvDim(), v = config.vocabSize();
        tokenEmbedding = require(TOKEN_EMBD, v, h);
        List<Layer> list = new ArrayList<>(config.numLayers());
        for (int i = 0; i < config.numLayers(); i++) {
            list.add(new Layer(
                    require(weight(i, ATTN_NORM), h), require(bias(i, ATTN_NORM), h),
                    require(weight(i, ATTN_Q), h, h), require(bias(i, ATTN_Q), h),
                    require(weight(i, ATTN_K), kv, h), require(bias(i, ATTN_K), kv),
                    require(weight(i, ATTN_V), kv, h), require(bias(i, ATTN_V), kv),
                    require(weight(i, ATTN_OUTPUT), h, h), require(bias(i, ATTN_OUTPUT), h),
                    require(weight(i, FFN_UP), ff, h), require(bias(i, FFN_UP), ff),
                    require(weight(i, FFN_DOWN), h, ff), require(bias(i, FFN_DOWN), h)));
        }
        layers = List.copyOf(list);
        outputNormWeight = require(OUTPUT_NORM + ".weight", h);
        outputNormBias = require(OUTPUT_NORM + ".bias", h);
        output = require(OUTPUT + ".weight", v, h);
        outputBias = require(OUTPUT + ".bias", v);
    }

    /**
     * Checks and indexes {@code tensors} (canonical names). Fused {@code attn_qkv} tensors are split; tensors
     * the model does not use are an error, since they mean the file is not what its metadata says.
     */
    public static PhiWeights of(PhiConfig config, Map<String, Tensor> tensors) {
        Map<String, Tensor> all = new LinkedHashMap<>(tensors);
        for (int i = 0; i < config.numLayers(); i++) {
            splitFusedQkv(config, all, i);
        }
        PhiWeights w = new PhiWeights(config, all);
        for (String name : all.keySet()) {
            if (!w.isUsed(name)) {
                throw new PhiException("unexpected tensor " + name + " for a " + config.numLayers() + "-layer Phi model");
            }
        }
        return w;
    }

    private static void splitFusedQkv(PhiConfig config, Map<String, Tensor> all, int layer) {
        for (String suffix : new String[] {"weight", "bias"}) {
            Tensor fused = all.remove(TensorNames.layer(layer, ATTN_QKV, suffix));
            if (fused == null) {
                continue;
            }
            int h = config.hiddenSize(), kv = config.kvDim();
            boolean isBias = suffix.equals("bias");
            long[] expected = isBias ? new long[] {h + 2L * kv} : new long[] {h + 2L * kv, h};
            checkShape(fused, expected);
            if (isBias) {
                // A bias is one row; view it as [h + 2kv, 1] so that rows are its elements.
                Tensor asColumn = fused.reshape(h + 2L * kv, 1);
                all.put(bias(layer, ATTN_Q), asColumn.sliceRows(bias(layer, ATTN_Q), 0, h).reshape(h));
                all.put(bias(layer, ATTN_K), asColumn.sliceRows(bias(layer, ATTN_K), h, h + kv).reshape(kv));
                all.put(bias(layer, ATTN_V), asColumn.sliceRows(bias(layer, ATTN_V), h + kv, h + 2 * kv).reshape(kv));
            } else {
                all.put(weight(layer, ATTN_Q), fused.sliceRows(weight(layer, ATTN_Q), 0, h));
                all.put(weight(layer, ATTN_K), fused.sliceRows(weight(layer, ATTN_K), h, h + kv));
                all.put(weight(layer, ATTN_V), fused.sliceRows(weight(layer, ATTN_V), h + kv, h + 2 * kv));
            }
        }
    }

    private boolean isUsed(String name) {
        return switch (name) {
            case TOKEN_EMBD, OUTPUT_NORM + ".weight", OUTPUT_NORM + ".bias", OUTPUT + ".weight", OUTPUT + ".bias" -> true;
            default -> {
                if (!name.startsWith("blk.")) {
                    yield false;
                }
                int dot = name.indexOf('.', 4);
                try {
                    int layer = Integer.parseInt(name.substring(4, dot));
                    yield layer >= 0 && layer < config.numLayers();
                } catch (RuntimeException e) {
                    yield false;
                }
            }
        };
    }

    private Tensor require(String name, long... shape) {
        Tensor t = tensors.get(name);
        if (t == null) {
            throw new PhiException("missing tensor " + name);
        }
        checkShape(t, shape);
        return t;
    }

    private static void checkShape(Tensor t, long[] expected) {
        if (!Arrays.equals(t.shape(), expected)) {
            throw new PhiException("tensor " + t.name() + " has shape " + Arrays.toString(t.shape())
                    + ", expected " + Arrays.toString(expected));
        }
    }

    public PhiConfig config() {
        return config;
    }

    /** Every tensor under its canonical name (fused QKV already split). */
    public Map<String, Tensor> tensors() {
        return tensors;
    }

    public Tensor tokenEmbedding() {
        return tokenEmbedding;
    }

    public List<Layer> layers() {
        return layers;
    }

    public Layer layer(int i) {
        return layers.get(i);
    }

    public Tensor outputNormWeight() {
        return outputNormWeight;
    }

    public Tensor outputNormBias() {
        return outputNormBias;
    }

    public Tensor output() {
        return output;
    }

    public Tensor outputBias() {
        return outputBias;
    }
}
