package io.phi4j.train;

import io.phi4j.format.gguf.GgufValue;
import io.phi4j.format.gguf.GgufWriter;
import io.phi4j.model.PhiConfig;
import io.phi4j.tensor.Tensor;
import io.phi4j.tokenizer.Tokenizer;
import io.phi4j.train.model.PhiParams;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes trained weights as an F32 GGUF for llama.cpp (arch {@code phi2}), with the metadata keys and tensor
 * names llama.cpp's {@code convert_hf_to_gguf.py} writes for a Hugging Face {@code PhiForCausalLM} (class
 * {@code Phi2Model}): q/k/v separate, 1-D tensors F32. The vocabulary is padded to the model's rows with
 * UNUSED {@code [PADn]} entries, as the converter does for Phi-2. (For tests; the {@code phi convert} command is
 * the general tool.)
 */
final class GgufExport {
    private GgufExport() {
    }

    static void write(Path file, PhiParams params, Tokenizer tok, List<String> merges, String name) {
        PhiConfig c = params.config();
        Map<String, GgufValue> m = new LinkedHashMap<>();
        m.put("general.architecture", GgufValue.string("phi2"));
        m.put("general.type", GgufValue.string("model"));
        m.put("general.name", GgufValue.string(name));
        m.put("phi2.context_length", GgufValue.uint32(c.contextLength()));
        m.put("phi2.embedding_length", GgufValue.uint32(c.hiddenSize()));
        m.put("phi2.feed_forward_length", GgufValue.uint32(c.intermediateSize()));
        m.put("phi2.block_count", GgufValue.uint32(c.numLayers()));
        m.put("phi2.attention.head_count", GgufValue.uint32(c.numHeads()));
        m.put("phi2.attention.head_count_kv", GgufValue.uint32(c.numKvHeads()));
        m.put("phi2.attention.layer_norm_epsilon", GgufValue.float32((float) c.layerNormEps()));
        m.put("phi2.rope.dimension_count", GgufValue.uint32(c.ropeDims()));
        m.put("general.file_type", GgufValue.uint32(0)); // LLAMA_FTYPE_ALL_F32
        m.put("tokenizer.ggml.add_bos_token", GgufValue.bool(false));
        m.put("tokenizer.ggml.model", GgufValue.string("gpt2"));
        m.put("tokenizer.ggml.pre", GgufValue.string("gpt-2"));
        List<String> tokens = new ArrayList<>();
        int[] types = new int[c.vocabSize()];
        for (int id = 0; id < c.vocabSize(); id++) {
            if (id < tok.vocabSize()) {
                tokens.add(tok.tokenPiece(id));
                types[id] = tok.tokenType(id).code();
            } else {
                tokens.add("[PAD" + id + "]");
                types[id] = io.phi4j.tokenizer.TokenType.UNUSED.code();
            }
        }
        m.put("tokenizer.ggml.tokens", GgufValue.stringArray(tokens));
        m.put("tokenizer.ggml.token_type", GgufValue.int32Array(types));
        m.put("tokenizer.ggml.merges", GgufValue.stringArray(merges));
        m.put("tokenizer.ggml.bos_token_id", GgufValue.uint32(tok.bosId()));
        m.put("tokenizer.ggml.eos_token_id", GgufValue.uint32(tok.eosId()));
        m.put("tokenizer.ggml.unknown_token_id", GgufValue.uint32(tok.eosId()));
        m.put("general.quantization_version", GgufValue.uint32(2));
        List<Tensor> tensors = new ArrayList<>(params.toTensors(true).values());
        GgufWriter.write(file, m, tensors);
    }
}
