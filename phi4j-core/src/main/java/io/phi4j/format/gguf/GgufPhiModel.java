package io.phi4j.format.gguf;

import io.phi4j.PhiException;
import io.phi4j.model.PhiConfig;
import io.phi4j.model.TensorNames;
import io.phi4j.tensor.Tensor;
import io.phi4j.tokenizer.Tokenizer;
import io.phi4j.tokenizer.Tokenizers;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Reads a Phi model out of a GGUF file written for llama.cpp's arch {@code phi2} (its converter's keys:
 * {@code phi2.context_length}, {@code phi2.embedding_length}, {@code phi2.block_count},
 * {@code phi2.attention.head_count[_kv]}, {@code phi2.rope.dimension_count},
 * {@code phi2.attention.layer_norm_epsilon}, optional {@code phi2.rope.freq_base}). Sizes that tensors also
 * carry (vocabulary, MLP width) are taken from the tensors: files in the wild disagree with their own
 * {@code feed_forward_length}, and llama.cpp trusts shapes too.
 */
public final class GgufPhiModel {
    public static final String ARCH = "phi2";

    private GgufPhiModel() {
    }

    public static PhiConfig config(GgufFile gguf) {
        String where = gguf.path() == null ? "GGUF" : gguf.path().getFileName().toString();
        String arch = gguf.optionalString("general.architecture")
                .orElseThrow(() -> new PhiException(where + ": no general.architecture in the GGUF metadata"));
        if (!arch.equals(ARCH)) {
            throw new PhiException(where + ": architecture '" + arch + "' is not supported; phi4j runs Phi-1, Phi-1.5"
                    + " and Phi-2 (GGUF architecture 'phi2')");
        }
        Tensor embd = gguf.findTensor(TensorNames.TOKEN_EMBD)
                .orElseThrow(() -> new PhiException(where + ": missing tensor " + TensorNames.TOKEN_EMBD));
        int hidden = require(gguf, where, ARCH + ".embedding_length");
        int layers = require(gguf, where, ARCH + ".block_count");
        int heads = require(gguf, where, ARCH + ".attention.head_count");
        int kvHeads = gguf.optionalInt(ARCH + ".attention.head_count_kv").orElse(heads);
        int ropeDims = require(gguf, where, ARCH + ".rope.dimension_count");
        int ctx = require(gguf, where, ARCH + ".context_length");
        double eps = gguf.optionalFloat(ARCH + ".attention.layer_norm_epsilon").map(Float::doubleValue).orElse(1e-5);
        double theta = gguf.optionalFloat(ARCH + ".rope.freq_base").map(Float::doubleValue).orElse(10000.0);
        if (embd.rank() != 2 || embd.dim(1) != hidden) {
            throw new PhiException(where + ": " + embd + " does not match embedding length " + hidden);
        }
        int vocab = Math.toIntExact(embd.dim(0));
        Tensor up = gguf.findTensor(TensorNames.weight(0, TensorNames.FFN_UP))
                .orElseThrow(() -> new PhiException(where + ": missing tensor " + TensorNames.weight(0, TensorNames.FFN_UP)));
        int ff = up.rank() == 2 ? Math.toIntExact(up.dim(0)) : -1;
        int bos = gguf.optionalInt("tokenizer.ggml.bos_token_id").orElse(-1);
        int eos = gguf.optionalInt("tokenizer.ggml.eos_token_id").orElse(-1);
        return new PhiConfig(vocab, hidden, ff, layers, heads, kvHeads, ropeDims, theta, eps, ctx, bos, eos);
    }

    /** All tensors by name (they already carry canonical names). */
    public static Map<String, Tensor> tensors(GgufFile gguf) {
        Map<String, Tensor> map = new LinkedHashMap<>();
        for (Tensor t : gguf.tensors()) {
            map.put(t.name(), t);
        }
        return map;
    }

    /** The GPT-2 BPE tokenizer stored in the metadata, if any. */
    public static Optional<Tokenizer> tokenizer(GgufFile gguf) {
        Optional<String> model = gguf.optionalString("tokenizer.ggml.model");
        if (model.isEmpty()) {
            return Optional.empty();
        }
        if (!model.get().equals("gpt2")) {
            throw new PhiException("tokenizer model '" + model.get() + "' is not supported (Phi uses 'gpt2' byte-level BPE)");
        }
        List<String> tokens = gguf.getStringArray("tokenizer.ggml.tokens");
        List<String> merges = gguf.optionalStringArray("tokenizer.ggml.merges").orElse(List.of());
        int[] types = gguf.optionalIntArray("tokenizer.ggml.token_type").orElse(null);
        int bos = gguf.optionalInt("tokenizer.ggml.bos_token_id").orElse(-1);
        int eos = gguf.optionalInt("tokenizer.ggml.eos_token_id").orElse(-1);
        return Optional.of(Tokenizers.fromGguf(tokens, merges, types, bos, eos));
    }

    private static int require(GgufFile gguf, String where, String key) {
        return gguf.optionalInt(key).orElseThrow(() -> new PhiException(where + ": missing metadata key " + key));
    }
}
