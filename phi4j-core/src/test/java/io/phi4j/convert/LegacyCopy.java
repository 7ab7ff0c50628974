package io.phi4j.convert;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.phi4j.format.hf.HfCheckpoint;
import io.phi4j.format.hf.HfLayout;
import io.phi4j.format.hf.HfTensorNames;
import io.phi4j.format.hf.PhiTensorShapes;
import io.phi4j.format.safetensors.SafetensorsWriter;
import io.phi4j.model.PhiConfig;
import io.phi4j.model.TensorNames;
import io.phi4j.tensor.Tensor;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The Java twin of tools/cli/make_legacy_copy.py: rewrites a current-layout checkpoint in Microsoft's legacy
 * phi-msft layout (fused Wqkv), same tensor bytes, so converting it must give the file the reference recorded.
 */
final class LegacyCopy {
    private LegacyCopy() {
    }

    static void write(Path src, Path dst) throws IOException {
        Files.createDirectories(dst);
        try (Arena arena = Arena.ofConfined()) {
            HfCheckpoint ckpt = HfCheckpoint.open(src, arena);
            PhiConfig c = ckpt.config();
            Map<String, Tensor> t = ckpt.tensors();
            HfTensorNames names = HfTensorNames.forLayout(HfLayout.PHI_MSFT, c.numLayers());
            List<Tensor> out = new ArrayList<>();
            for (String name : PhiTensorShapes.expected(c, true).keySet()) {
                Tensor tensor = t.get(name);
                if (tensor == null) { // attn_qkv: rows of q, k, v one after the other
                    String suffix = name.substring(name.lastIndexOf('.') + 1);
                    int layer = Integer.parseInt(name.split("\\.")[1]);
                    Tensor q = t.get(TensorNames.layer(layer, TensorNames.ATTN_Q, suffix));
                    Tensor k = t.get(TensorNames.layer(layer, TensorNames.ATTN_K, suffix));
                    Tensor v = t.get(TensorNames.layer(layer, TensorNames.ATTN_V, suffix));
                    MemorySegment fused = arena.allocate(q.data().byteSize() + k.data().byteSize() + v.data().byteSize());
                    MemorySegment.copy(q.data(), 0, fused, 0, q.data().byteSize());
                    MemorySegment.copy(k.data(), 0, fused, q.data().byteSize(), k.data().byteSize());
                    MemorySegment.copy(v.data(), 0, fused, q.data().byteSize() + k.data().byteSize(), v.data().byteSize());
                    long[] shape = q.shape();
                    shape[0] = q.dim(0) + k.dim(0) + v.dim(0);
                    tensor = new Tensor(name, q.type(), shape, fused);
                }
                out.add(tensor.withName(names.toHf(name)));
            }
            SafetensorsWriter.write(dst.resolve("model.safetensors"), out);
            Map<String, Object> cfg = new LinkedHashMap<>();
            cfg.put("activation_function", "gelu_new");
            cfg.put("architectures", List.of("PhiForCausalLM"));
            cfg.put("layer_norm_epsilon", c.layerNormEps());
            cfg.put("model_type", "phi-msft");
            cfg.put("n_embd", c.hiddenSize());
            cfg.put("n_head", c.numHeads());
            cfg.put("n_head_kv", null);
            cfg.put("n_inner", c.intermediateSize());
            cfg.put("n_layer", c.numLayers());
            cfg.put("n_positions", c.contextLength());
            cfg.put("rotary_dim", c.ropeDims());
            cfg.put("tie_word_embeddings", false);
            cfg.put("torch_dtype", "float32");
            cfg.put("vocab_size", c.vocabSize());
            Files.writeString(dst.resolve("config.json"), new ObjectMapper().writerWithDefaultPrettyPrinter().writeValueAsString(cfg));
        }
        for (String f : new String[] {"tokenizer.json", "vocab.json", "merges.txt", "added_tokens.json",
                "special_tokens_map.json", "tokenizer_config.json"}) {
            if (Files.exists(src.resolve(f))) {
                Files.copy(src.resolve(f), dst.resolve(f), StandardCopyOption.REPLACE_EXISTING);
            }
        }
    }
}
