package io.phi4j.train.model;

import io.phi4j.PhiException;
import io.phi4j.model.PhiConfig;
import io.phi4j.model.PhiWeights;
import io.phi4j.model.TensorNames;
import io.phi4j.tensor.Tensor;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static io.phi4j.model.TensorNames.*;

/**
 * Every trainable tensor of a Phi model, float32 on the heap, in a fixed order (the order of checkpoints and
 * optimizer state). The query, key and value projections are one fused {@code attn_qkv} matrix
 * {@code [hidden + 2 kvDim, hidden]} (rows q, then k, then v), so one GEMM computes all three; the checkpoint
 * writers split it back into Hugging Face's {@code q_proj}/{@code k_proj}/{@code v_proj}.
 */
public final class PhiParams {
    /** The tensors of one decoder block. */
    public record Block(Param normW, Param normB, Param qkvW, Param qkvB, Param outW, Param outB,
                        Param upW, Param upB, Param downW, Param downB) {
        List<Param> all() {
            return List.of(normW, normB, qkvW, qkvB, outW, outB, upW, upB, downW, downB);
        }
    }

    private final PhiConfig config;
    private final Param embedding;
    private final List<Block> blocks;
    private final Param finalNormW, finalNormB, outputW, outputB;
    private final List<Param> all;

    /** Zero-filled tensors for {@code config}. */
    public PhiParams(PhiConfig config) {
        this.config = config;
        int h = config.hiddenSize(), ff = config.intermediateSize(), v = config.vocabSize();
        int qkv = h + 2 * config.kvDim();
        List<Param> list = new ArrayList<>();
        embedding = add(list, new Param(TOKEN_EMBD, v, h));
        List<Block> bl = new ArrayList<>();
        for (int l = 0; l < config.numLayers(); l++) {
            Block b = new Block(
                    add(list, new Param(weight(l, ATTN_NORM), h)), add(list, new Param(bias(l, ATTN_NORM), h)),
                    add(list, new Param(weight(l, ATTN_QKV), qkv, h)), add(list, new Param(bias(l, ATTN_QKV), qkv)),
                    add(list, new Param(weight(l, ATTN_OUTPUT), h, h)), add(list, new Param(bias(l, ATTN_OUTPUT), h)),
                    add(list, new Param(weight(l, FFN_UP), ff, h)), add(list, new Param(bias(l, FFN_UP), ff)),
                    add(list, new Param(weight(l, FFN_DOWN), h, ff)), add(list, new Param(bias(l, FFN_DOWN), h)));
            bl.add(b);
        }
        blocks = List.copyOf(bl);
        finalNormW = add(list, new Param(OUTPUT_NORM + ".weight", h));
        finalNormB = add(list, new Param(OUTPUT_NORM + ".bias", h));
        outputW = add(list, new Param(OUTPUT + ".weight", v, h));
        outputB = add(list, new Param(OUTPUT + ".bias", v));
        all = Collections.unmodifiableList(list);
    }

    private static Param add(List<Param> list, Param p) {
        list.add(p);
        return p;
    }

    /** A copy of a loaded model's weights (any stored type, dequantized to float32). */
    public static PhiParams of(PhiWeights w) {
        PhiConfig c = w.config();
        PhiParams p = new PhiParams(c);
        Map<String, Tensor> t = w.tensors();
        for (Param param : p.all) {
            String name = param.name();
            if (name.contains("." + ATTN_QKV + ".")) {
                int layer = Integer.parseInt(name.split("\\.")[1]);
                String suffix = name.endsWith(".weight") ? "weight" : "bias";
                int off = 0;
                for (String part : new String[] {ATTN_Q, ATTN_K, ATTN_V}) {
                    off = copyInto(t.get(TensorNames.layer(layer, part, suffix)), param.value(), off);
                }
            } else {
                copyInto(t.get(name), param.value(), 0);
            }
        }
        return p;
    }

    private static int copyInto(Tensor t, float[] dst, int off) {
        float[] src = t.toFloatArray();
        System.arraycopy(src, 0, dst, off, src.length);
        return off + src.length;
    }

    public PhiConfig config() {
        return config;
    }

    public List<Param> all() {
        return all;
    }

    public Param embedding() {
        return embedding;
    }

    public Block block(int l) {
        return blocks.get(l);
    }

    public List<Block> blocks() {
        return blocks;
    }

    public Param finalNormW() {
        return finalNormW;
    }

    public Param finalNormB() {
        return finalNormB;
    }

    public Param outputW() {
        return outputW;
    }

    public Param outputB() {
        return outputB;
    }

    public Param get(String name) {
        for (Param p : all) {
            if (p.name().equals(name)) {
                return p;
            }
        }
        throw new PhiException("no parameter " + name);
    }

    /** Number of scalars. */
    public long count() {
        long n = 0;
        for (Param p : all) {
            n += p.size();
        }
        return n;
    }

    public void zeroGrad() {
        for (Param p : all) {
            java.util.Arrays.fill(p.grad(), 0f);
        }
    }

    /**
     * The values as float32 tensors under canonical names (heap copies); with {@code splitQkv} the fused
     * projection becomes {@code attn_q}/{@code attn_k}/{@code attn_v} as llama.cpp's converter writes phi2.
     */
    public Map<String, Tensor> toTensors(boolean splitQkv) {
        return toTensors(splitQkv, Param::value);
    }

    /** As {@link #toTensors(boolean)} for another array of each parameter (e.g. {@link Param#grad}). */
    public Map<String, Tensor> toTensors(boolean splitQkv, java.util.function.Function<Param, float[]> values) {
        Map<String, Tensor> out = new LinkedHashMap<>();
        int h = config.hiddenSize(), kv = config.kvDim();
        for (Param p : all) {
            String name = p.name();
            if (splitQkv && name.contains("." + ATTN_QKV + ".")) {
                int layer = Integer.parseInt(name.split("\\.")[1]);
                boolean isWeight = name.endsWith(".weight");
                String suffix = isWeight ? "weight" : "bias";
                int[] rows = {h, kv, kv};
                String[] parts = {ATTN_Q, ATTN_K, ATTN_V};
                int row = 0;
                for (int i = 0; i < 3; i++) {
                    int width = isWeight ? h : 1;
                    float[] slice = java.util.Arrays.copyOfRange(values.apply(p), row * width, (row + rows[i]) * width);
                    long[] shape = isWeight ? new long[] {rows[i], h} : new long[] {rows[i]};
                    String n = TensorNames.layer(layer, parts[i], suffix);
                    out.put(n, Tensor.ofFloats(n, shape, slice));
                    row += rows[i];
                }
            } else {
                out.put(name, Tensor.ofFloats(name, p.longShape(), values.apply(p)));
            }
        }
        return out;
    }
}
