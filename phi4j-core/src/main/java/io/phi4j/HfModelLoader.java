package io.phi4j;

import io.phi4j.format.hf.HfCheckpoint;
import io.phi4j.model.PhiConfig;
import io.phi4j.model.PhiWeights;
import io.phi4j.tokenizer.Tokenizer;
import io.phi4j.tokenizer.Tokenizers;

import java.lang.foreign.Arena;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/** Opens Hugging Face checkpoints (directory, single .safetensors, sharded index), with their tokenizer. */
final class HfModelLoader {
    private HfModelLoader() {
    }

    static Model load(Path path, Arena arena) {
        HfCheckpoint ckpt = HfCheckpoint.open(path, arena);
        Path dir = ckpt.modelDir();
        Tokenizer tokenizer = null;
        if (Files.exists(dir.resolve("tokenizer.json")) || Files.exists(dir.resolve("vocab.json"))) {
            tokenizer = Tokenizers.fromHuggingFaceDir(dir);
        }
        PhiConfig c = ckpt.config();
        if (tokenizer != null && (c.bosTokenId() < 0 || c.eosTokenId() < 0)) {
            // Legacy (phi-msft) configs carry no token ids; the tokenizer knows them.
            c = new PhiConfig(c.vocabSize(), c.hiddenSize(), c.intermediateSize(), c.numLayers(), c.numHeads(),
                    c.numKvHeads(), c.ropeDims(), c.ropeTheta(), c.layerNormEps(), c.contextLength(),
                    c.bosTokenId() >= 0 ? c.bosTokenId() : tokenizer.bosId(),
                    c.eosTokenId() >= 0 ? c.eosTokenId() : tokenizer.eosId());
        }
        PhiWeights weights = ModelLoader.weights(path, c, ckpt.tensors());
        long bytes = 0;
        for (Path f : ckpt.weightFiles()) {
            bytes += f.toFile().length();
        }
        Map<String, String> meta = new LinkedHashMap<>();
        meta.put("model_type", ckpt.hfConfig().layout().toString());
        if (ckpt.hfConfig().nameOrPath() != null) {
            meta.put("name", ckpt.hfConfig().nameOrPath());
        }
        ModelInfo info = new ModelInfo(path, ckpt.format(), bytes, ModelLoader.typeCounts(ckpt.tensors().values()), meta);
        return new Model(arena, weights, tokenizer, info);
    }
}
