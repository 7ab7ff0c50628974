package io.phi4j.convert;

import io.phi4j.format.gguf.GgufValue;
import io.phi4j.model.PhiConfig;
import io.phi4j.tokenizer.GgufVocab;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The GGUF metadata llama.cpp's {@code convert_hf_to_gguf.py} writes for a Phi model (class {@code Phi2Model},
 * arch {@code phi2}), in its order: {@code general.architecture}, {@code general.type}, the naming keys, the
 * {@code phi2.*} hyper-parameters, {@code general.file_type}, {@code tokenizer.ggml.add_bos_token = false},
 * {@code general.quantization_version = 2}, then the tokenizer.
 *
 * <p>One deliberate difference: the converter always writes {@code phi2.feed_forward_length = 4 * hidden}, but
 * llama.cpp checks the {@code ffn_up}/{@code ffn_down} shapes against that key and refuses a file where they
 * differ; we write the true intermediate size (the same number for every published Phi model).
 */
public final class PhiGgufMetadata {
    /** GGML_QNT_VERSION. */
    public static final int QUANTIZATION_VERSION = 2;

    private PhiGgufMetadata() {
    }

    public static Map<String, GgufValue> build(PhiConfig c, ModelNaming naming, LlamaFileType fileType, GgufVocab vocab) {
        Map<String, GgufValue> m = new LinkedHashMap<>();
        m.put("general.architecture", GgufValue.string("phi2"));
        m.put("general.type", GgufValue.string("model"));
        m.put("general.name", GgufValue.string(naming.name()));
        putIfSet(m, "general.version", naming.version());
        putIfSet(m, "general.organization", naming.organization());
        putIfSet(m, "general.finetune", naming.finetune());
        putIfSet(m, "general.basename", naming.basename());
        putIfSet(m, "general.size_label", naming.sizeLabel());
        m.put("phi2.context_length", GgufValue.uint32(c.contextLength()));
        m.put("phi2.embedding_length", GgufValue.uint32(c.hiddenSize()));
        m.put("phi2.feed_forward_length", GgufValue.uint32(c.intermediateSize()));
        m.put("phi2.block_count", GgufValue.uint32(c.numLayers()));
        m.put("phi2.attention.head_count", GgufValue.uint32(c.numHeads()));
        m.put("phi2.attention.head_count_kv", GgufValue.uint32(c.numKvHeads()));
        m.put("phi2.attention.layer_norm_epsilon", GgufValue.float32((float) c.layerNormEps()));
        m.put("phi2.rope.dimension_count", GgufValue.uint32(c.ropeDims()));
        if (c.ropeTheta() != 10000.0) {
            // The Phi converter writes no rope base; llama.cpp then uses 10000. Keep any other value.
            m.put("phi2.rope.freq_base", GgufValue.float32((float) c.ropeTheta()));
        }
        m.put("general.file_type", GgufValue.uint32(fileType.id()));
        m.put("tokenizer.ggml.add_bos_token", GgufValue.bool(false));
        m.put("general.quantization_version", GgufValue.uint32(QUANTIZATION_VERSION));
        if (vocab != null) {
            vocab.addTo(m);
        }
        return m;
    }

    private static void putIfSet(Map<String, GgufValue> m, String key, String value) {
        if (value != null) {
            m.put(key, GgufValue.string(value));
        }
    }
}
