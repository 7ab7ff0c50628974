package io.phi4j.format.hf;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.phi4j.PhiException;
import io.phi4j.format.safetensors.PythonJson;
import io.phi4j.model.PhiConfig;
import io.phi4j.tensor.GgmlType;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A Hugging Face {@code config.json} of a Phi-1/1.5/2 model, read into a {@link PhiConfig}.
 *
 * <p>Three dialects exist. {@code model_type "phi"} is transformers' own {@code PhiConfig} (≥ 4.37; defaults
 * from configuration_phi.py: vocab 51200, hidden 2048, intermediate 8192, 24 layers, 32 heads, kv heads = heads,
 * partial_rotary_factor 0.5, rope_theta 10000, layer_norm_eps 1e-5, 2048 positions, bos 1, eos 2;
 * transformers ≥ 5 nests rope settings in {@code rope_parameters}). {@code "phi-msft"} and
 * {@code "mixformer-sequential"} are Microsoft's remote-code configs (configuration_phi.py /
 * configuration_mixformer_sequential.py: n_embd 1024, n_layer 20, n_head 16, n_inner = 4 × n_embd,
 * rotary_dim = min(32, head size), vocab 50304 rounded up to a multiple of pad_vocab_size_multiple 64,
 * layer_norm_epsilon 1e-5, n_positions 2048; rotary base fixed at 10000; no token ids).
 *
 * @param config              the model shape
 * @param layout              which tensor-name layout the checkpoint uses
 * @param partialRotaryFactor the fraction as written (phi) or derived from rotary_dim (legacy); kept so a
 *                            config read and written back is unchanged
 * @param tieWordEmbeddings   output matrix shared with the embedding (false for every published Phi)
 * @param torchDtype          {@code torch_dtype} / {@code dtype} as written, or null
 * @param nameOrPath          {@code _name_or_path}, or null
 */
public record HfPhiConfig(PhiConfig config, HfLayout layout, double partialRotaryFactor, boolean tieWordEmbeddings,
                          String torchDtype, String nameOrPath) {

    /** Written as {@code transformers_version}: the release whose format microsoft/phi-2's config.json has. */
    public static final String TRANSFORMERS_VERSION = "4.37.0";

    private static final JsonMapper JSON = JsonMapper.builder().build();

    /** Reads {@code configJson} and returns the model shape. */
    public static PhiConfig parse(Path configJson) {
        return read(configJson).config();
    }

    public static HfPhiConfig read(Path configJson) {
        String text;
        try {
            if (Files.size(configJson) > (16 << 20)) {
                throw new PhiException(configJson + ": too large for a config.json");
            }
            text = Files.readString(configJson);
        } catch (NoSuchFileException e) {
            throw new PhiException(configJson + ": file not found");
        } catch (IOException e) {
            throw new PhiException(configJson + ": cannot read: " + e.getMessage(), e);
        }
        return parse(text, String.valueOf(configJson.getFileName()));
    }

    /** Parses config.json text; {@code sourceName} names it in error messages. */
    public static HfPhiConfig parse(String json, String sourceName) {
        JsonNode root;
        try {
            root = JSON.readTree(json);
        } catch (JacksonException e) {
            throw new PhiException(sourceName + ": not valid JSON: " + e.getOriginalMessage().replaceAll("\\s+", " "));
        }
        if (root == null || !root.isObject()) {
            throw new PhiException(sourceName + ": not a JSON object");
        }
        ConfigFields f = new ConfigFields(sourceName, root);
        String modelType = f.string("model_type", null);
        HfLayout layout = HfLayout.byModelType(modelType);
        if (layout == null) {
            throw new PhiException(sourceName + ": model_type " + (modelType == null ? "is missing" : "'" + modelType + "'")
                    + "; phi4j reads Phi-1/1.5/2 models (model_type phi, phi-msft or mixformer-sequential)");
        }
        return layout == HfLayout.PHI ? parseCurrent(f) : LegacyPhiConfig.parse(f, layout);
    }

    private static HfPhiConfig parseCurrent(ConfigFields f) {
        String file = f.file();
        String act = f.string("hidden_act", "gelu_new");
        if (!act.equals("gelu_new")) {
            throw new PhiException(file + ": hidden_act '" + act + "' is not supported (Phi uses gelu_new)");
        }
        if (f.bool("qk_layernorm", false)) {
            throw new PhiException(file + ": qk_layernorm true is not supported (no published Phi-1/1.5/2 uses it)");
        }
        if (!f.isNull("rope_scaling")) {
            throw new PhiException(file + ": rope_scaling " + ConfigFields.preview(f.node("rope_scaling"))
                    + " is not supported (only plain rotary embeddings)");
        }
        double ropeTheta = f.number("rope_theta", 10000.0);
        double factor = f.number("partial_rotary_factor", 0.5);
        // transformers ≥ 5 writes {"rope_type": "default", "rope_theta": ..., "partial_rotary_factor": ...}.
        JsonNode rope = f.node("rope_parameters");
        if (rope != null && !rope.isNull()) {
            if (!rope.isObject()) {
                throw new PhiException(file + ": rope_parameters must be an object");
            }
            ConfigFields r = new ConfigFields(file, rope);
            String type = r.string("rope_type", r.string("type", "default"));
            if (!type.equals("default")) {
                throw new PhiException(file + ": rope_type '" + type + "' is not supported (only plain rotary embeddings)");
            }
            ropeTheta = r.number("rope_theta", ropeTheta);
            factor = r.number("partial_rotary_factor", factor);
        }
        int hidden = f.integer("hidden_size", 2048);
        int heads = f.integer("num_attention_heads", 32);
        if (heads <= 0 || hidden <= 0 || hidden % heads != 0) {
            throw new PhiException(file + ": hidden_size " + hidden + " is not a multiple of num_attention_heads " + heads);
        }
        if (!(factor >= 0 && factor <= 1)) {
            throw new PhiException(file + ": partial_rotary_factor " + factor + " is not between 0 and 1");
        }
        // modeling_phi.py: self.rotary_ndims = int(self.head_dim * config.partial_rotary_factor)
        int ropeDims = (int) ((hidden / heads) * factor);
        PhiConfig config = new PhiConfig(
                f.integer("vocab_size", 51200),
                hidden,
                f.integer("intermediate_size", 8192),
                f.integer("num_hidden_layers", 24),
                heads,
                f.integer("num_key_value_heads", heads),
                ropeDims,
                ropeTheta,
                f.number("layer_norm_eps", 1e-5),
                f.integer("max_position_embeddings", 2048),
                f.tokenId("bos_token_id", 1),
                f.tokenId("eos_token_id", 2));
        return new HfPhiConfig(config, HfLayout.PHI, factor, f.bool("tie_word_embeddings", false),
                f.string("torch_dtype", f.string("dtype", null)), f.string("_name_or_path", null));
    }

    /** config.json in microsoft/phi-2's current form for {@code config}, with weights stored as {@code dtype}. */
    public static String toJson(PhiConfig config, GgmlType dtype) {
        return of(config).toJson(dtype);
    }

    /** {@link #toJson(PhiConfig, GgmlType)} for float32 weights. */
    public static String toJson(PhiConfig config) {
        return toJson(config, GgmlType.F32);
    }

    /** The current-layout description of {@code config}, with a partial_rotary_factor that reproduces its ropeDims. */
    public static HfPhiConfig of(PhiConfig config) {
        double factor = (double) config.ropeDims() / config.headDim();
        // int(head_dim * factor) must give ropeDims back; a quotient rounded down (1/49*49 < 1) would lose one.
        while ((int) (config.headDim() * factor) < config.ropeDims()) {
            factor = Math.nextUp(factor);
        }
        return new HfPhiConfig(config, HfLayout.PHI, factor, false, null, null);
    }

    /**
     * This config as transformers writes it ({@code json.dumps(indent=2, sort_keys=True) + "\n"}) with the keys
     * and constants of microsoft/phi-2's config.json, always in the current {@code model_type "phi"} layout.
     */
    public String toJson(GgmlType dtype) {
        PhiConfig c = config;
        Map<String, Object> json = new TreeMap<>();
        if (nameOrPath != null) {
            json.put("_name_or_path", nameOrPath);
        }
        json.put("architectures", List.of("PhiForCausalLM"));
        json.put("attention_dropout", 0.0);
        json.put("bos_token_id", c.bosTokenId() < 0 ? null : c.bosTokenId());
        json.put("embd_pdrop", 0.0);
        json.put("eos_token_id", c.eosTokenId() < 0 ? null : c.eosTokenId());
        json.put("hidden_act", "gelu_new");
        json.put("hidden_size", c.hiddenSize());
        json.put("initializer_range", 0.02);
        json.put("intermediate_size", c.intermediateSize());
        json.put("layer_norm_eps", c.layerNormEps());
        json.put("max_position_embeddings", c.contextLength());
        json.put("model_type", "phi");
        json.put("num_attention_heads", c.numHeads());
        json.put("num_hidden_layers", c.numLayers());
        json.put("num_key_value_heads", c.numKvHeads());
        json.put("partial_rotary_factor", (int) (c.headDim() * partialRotaryFactor) == c.ropeDims()
                ? partialRotaryFactor : of(c).partialRotaryFactor());
        json.put("qk_layernorm", false);
        json.put("resid_pdrop", 0.1);
        json.put("rope_scaling", null);
        json.put("rope_theta", c.ropeTheta());
        json.put("tie_word_embeddings", tieWordEmbeddings);
        json.put("torch_dtype", torchDtypeName(dtype));
        json.put("transformers_version", TRANSFORMERS_VERSION);
        json.put("use_cache", true);
        json.put("vocab_size", c.vocabSize());
        return PythonJson.dumps(json) + "\n";
    }

    static String torchDtypeName(GgmlType dtype) {
        return switch (dtype) {
            case F32 -> "float32";
            case F16 -> "float16";
            case BF16 -> "bfloat16";
            default -> throw new PhiException("Hugging Face checkpoints store F32, F16 or BF16, not " + dtype);
        };
    }
}
