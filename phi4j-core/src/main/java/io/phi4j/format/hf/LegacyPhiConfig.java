package io.phi4j.format.hf;

import com.fasterxml.jackson.databind.JsonNode;
import io.phi4j.PhiException;
import io.phi4j.model.PhiConfig;

/**
 * Microsoft's remote-code configs: {@code phi-msft} (Phi-2 until January 2024; configuration_phi.py) and
 * {@code mixformer-sequential} (Phi-1 and Phi-1.5 until late 2023; configuration_mixformer_sequential.py).
 * Field names and defaults follow those files; transformers' convert_phi_weights_to_hf.py maps them to
 * today's {@code PhiConfig}.
 */
final class LegacyPhiConfig {
    private LegacyPhiConfig() {
    }

    static HfPhiConfig parse(ConfigFields f, HfLayout layout) {
        String file = f.file();
        String act = f.string("activation_function", "gelu_new");
        if (!act.equals("gelu_new")) {
            throw new PhiException(file + ": activation_function '" + act + "' is not supported (Phi uses gelu_new)");
        }
        int embd = f.integer("n_embd", 1024);
        int heads = f.integer("n_head", 16);
        if (heads <= 0 || embd <= 0 || embd % heads != 0) {
            throw new PhiException(file + ": n_embd " + embd + " is not a multiple of n_head " + heads);
        }
        int layers = f.integer("n_layer", 20);
        if (layout == HfLayout.MIXFORMER_SEQUENTIAL) {
            layers = mixformerBlockCount(f, layers);
        }
        // Both configs round the vocabulary up: ceil(vocab_size / pad_vocab_size_multiple) * pad_vocab_size_multiple.
        int vocab = f.integer("vocab_size", 50304);
        int multiple = f.integer("pad_vocab_size_multiple", 64);
        if (multiple <= 0) {
            throw new PhiException(file + ": pad_vocab_size_multiple " + multiple + " must be positive");
        }
        long padded = ((long) vocab + multiple - 1) / multiple * multiple;
        if (vocab <= 0 || padded > Integer.MAX_VALUE) {
            throw new PhiException(file + ": vocab_size " + vocab + " is out of range");
        }
        int headDim = embd / heads;
        // self.rotary_dim = min(rotary_dim, n_embd // n_head)
        int rotaryDim = Math.min(f.integer("rotary_dim", 32), headDim);
        int inner = f.isNull("n_inner") ? Math.multiplyExact(4, embd) : f.integer("n_inner", 0);
        PhiConfig config = new PhiConfig(
                (int) padded,
                embd,
                inner,
                layers,
                heads,
                f.integer("n_head_kv", heads),
                rotaryDim,
                10000.0, // RotaryEmbedding(base=10000) in both modeling files; not configurable
                f.number("layer_norm_epsilon", 1e-5),
                f.integer("n_positions", 2048),
                f.tokenId("bos_token_id", -1),
                f.tokenId("eos_token_id", -1));
        return new HfPhiConfig(config, layout, (double) rotaryDim / headDim, f.bool("tie_word_embeddings", false),
                f.string("torch_dtype", null), f.string("_name_or_path", null));
    }

    /**
     * MixFormerSequentialForCausalLM builds one block per entry when {@code architecture} (alias {@code blocks})
     * is a list, overriding n_layer. Every block is a ParallelBlock whatever its block_cls says; its MLP is the
     * plain {@code mlp} or {@code fused_mlp} (same weights one module deeper).
     */
    private static int mixformerBlockCount(ConfigFields f, int nLayer) {
        JsonNode arch = f.isNull("architecture") ? f.node("blocks") : f.node("architecture");
        if (arch == null || arch.isNull()) {
            return nLayer;
        }
        if (arch.isObject()) {
            checkBlock(f.file(), arch);
            return nLayer;
        }
        if (arch.isArray()) {
            for (JsonNode block : arch) {
                checkBlock(f.file(), block);
            }
            return arch.size();
        }
        throw new PhiException(f.file() + ": \"architecture\" must be an object or a list");
    }

    private static void checkBlock(String file, JsonNode block) {
        if (block == null || block.isNull()) {
            return;
        }
        String mlp = block.path("mlp").path("mlp_cls").asText("mlp");
        if (!mlp.equals("mlp") && !mlp.equals("fused_mlp")) {
            throw new PhiException(file + ": MixFormer mlp_cls '" + mlp + "' is not supported (only mlp, fused_mlp)");
        }
    }
}
