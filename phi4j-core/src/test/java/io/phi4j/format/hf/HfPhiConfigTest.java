package io.phi4j.format.hf;

import io.phi4j.PhiException;
import io.phi4j.model.PhiConfig;
import io.phi4j.tensor.GgmlType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class HfPhiConfigTest {
    static String resource(String name) {
        try (InputStream in = HfPhiConfigTest.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("missing test resource " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    void parsesTheTinyFixtureConfig() {
        HfPhiConfig hf = HfPhiConfig.parse(resource("tiny-phi2-config.json"), "config.json");
        assertThat(hf.config()).isEqualTo(new PhiConfig(51200, 64, 256, 2, 4, 4, 6, 10000.0, 1e-5, 2048, 50256, 50256));
        assertThat(hf.config().ropeDims()).isEqualTo(6); // int(16 * 0.4)
        assertThat(hf.layout()).isEqualTo(HfLayout.PHI);
        assertThat(hf.partialRotaryFactor()).isEqualTo(0.4);
        assertThat(hf.torchDtype()).isEqualTo("float32");
        assertThat(hf.nameOrPath()).isEqualTo("random-phi2-tiny");
        assertThat(hf.tieWordEmbeddings()).isFalse();
    }

    @Test
    void writesTheTinyConfigBackByteForByte() {
        String original = resource("tiny-phi2-config.json");
        assertThat(HfPhiConfig.parse(original, "config.json").toJson(GgmlType.F32)).isEqualTo(original);
    }

    @Test
    void phi2CurrentConfigIsPhi2AndWritesBackIdentically() {
        String original = resource("phi-2-config.json");
        HfPhiConfig hf = HfPhiConfig.parse(original, "config.json");
        assertThat(hf.config()).isEqualTo(PhiConfig.phi2());
        assertThat(hf.toJson(GgmlType.F16)).isEqualTo(original);
        String fresh = HfPhiConfig.toJson(PhiConfig.phi2(), GgmlType.F16);
        assertThat(fresh).isEqualTo(original.replace("  \"_name_or_path\": \"microsoft/phi-2\",\n", ""));
    }

    @Test
    void legacyPhiMsftConfigOfPhi2() {
        HfPhiConfig hf = HfPhiConfig.parse(resource("phi-2-msft-config.json"), "config.json");
        assertThat(hf.layout()).isEqualTo(HfLayout.PHI_MSFT);
        assertThat(hf.config()).isEqualTo(new PhiConfig(51200, 2560, 10240, 32, 32, 32, 32, 10000, 1e-5, 2048, -1, -1));
        assertThat(hf.partialRotaryFactor()).isEqualTo(0.4);
        assertThat(hf.torchDtype()).isEqualTo("float16");
    }

    @Test
    void legacyMixformerConfigOfPhi15() {
        HfPhiConfig hf = HfPhiConfig.parse(resource("phi-1_5-mixformer-config.json"), "config.json");
        assertThat(hf.layout()).isEqualTo(HfLayout.MIXFORMER_SEQUENTIAL);
        assertThat(hf.config()).isEqualTo(new PhiConfig(51200, 2048, 8192, 24, 32, 32, 32, 10000, 1e-5, 2048, -1, -1));
    }

    @Test
    void transformers5ConfigWithRopeParameters() {
        String json = """
                {"model_type": "phi", "hidden_size": 64, "num_attention_heads": 4, "num_hidden_layers": 2,
                 "intermediate_size": 256, "vocab_size": 51200, "num_key_value_heads": 2,
                 "rope_parameters": {"partial_rotary_factor": 0.5, "rope_theta": 500.0, "rope_type": "default"},
                 "dtype": "bfloat16", "bos_token_id": 50256, "eos_token_id": [50256, 50295], "pad_token_id": null}
                """;
        HfPhiConfig hf = HfPhiConfig.parse(json, "config.json");
        assertThat(hf.config()).isEqualTo(new PhiConfig(51200, 64, 256, 2, 4, 2, 8, 500.0, 1e-5, 2048, 50256, 50256));
        assertThat(hf.torchDtype()).isEqualTo("bfloat16");
    }

    @Test
    void transformersDefaultsApplyToMissingFields() {
        assertThat(HfPhiConfig.parse("{\"model_type\": \"phi\"}", "c").config())
                .isEqualTo(new PhiConfig(51200, 2048, 8192, 24, 32, 32, 32, 10000, 1e-5, 2048, 1, 2));
        // phi-msft defaults: vocab 50304, n_embd 1024, n_layer 20, n_head 16, n_inner 4 * n_embd, rotary_dim 32.
        assertThat(HfPhiConfig.parse("{\"model_type\": \"phi-msft\"}", "c").config())
                .isEqualTo(new PhiConfig(50304, 1024, 4096, 20, 16, 16, 32, 10000, 1e-5, 2048, -1, -1));
    }

    @Test
    void legacyRulesPadVocabClampRotaryAndCountBlocks() {
        String json = """
                {"model_type": "mixformer-sequential", "vocab_size": 50257, "n_embd": 256, "n_head": 16,
                 "n_layer": 24, "rotary_dim": 32, "n_inner": 1000, "n_positions": 512,
                 "architecture": [{"block_cls": "parallel", "mixer": {}, "mlp": {"mlp_cls": "mlp"}},
                                  {"block_cls": "parallel", "mixer": {}, "mlp": {"mlp_cls": "fused_mlp"}},
                                  {"block_cls": "parallel", "mixer": {}, "mlp": {"mlp_cls": "mlp"}}]}
                """;
        PhiConfig c = HfPhiConfig.parse(json, "c").config();
        assertThat(c.vocabSize()).isEqualTo(50304); // ceil(50257 / 64) * 64
        assertThat(c.ropeDims()).isEqualTo(16);     // min(32, 256 / 16)
        assertThat(c.numLayers()).isEqualTo(3);     // one block per architecture entry
        assertThat(c.intermediateSize()).isEqualTo(1000);
        assertThat(c.contextLength()).isEqualTo(512);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "qk_layernorm|{\"model_type\":\"phi\",\"qk_layernorm\":true}|config.json: qk_layernorm true is not supported",
            "gelu|{\"model_type\":\"phi\",\"hidden_act\":\"gelu\"}|config.json: hidden_act 'gelu' is not supported (Phi uses gelu_new)",
            "rope_scaling|{\"model_type\":\"phi\",\"rope_scaling\":{\"type\":\"linear\",\"factor\":2.0}}|config.json: rope_scaling {\"type\":\"linear\",\"factor\":2.0} is not supported",
            "rope_type|{\"model_type\":\"phi\",\"rope_parameters\":{\"rope_type\":\"yarn\"}}|config.json: rope_type 'yarn' is not supported",
            "llama|{\"model_type\":\"llama\"}|config.json: model_type 'llama'; phi4j reads Phi-1/1.5/2 models",
            "no type|{\"hidden_size\":64}|config.json: model_type is missing",
            "string int|{\"model_type\":\"phi\",\"hidden_size\":\"64\"}|config.json: \"hidden_size\" must be an integer, got \"64\"",
            "fraction|{\"model_type\":\"phi\",\"num_hidden_layers\":2.5}|config.json: \"num_hidden_layers\" must be an integer, got 2.5",
            "heads|{\"model_type\":\"phi\",\"hidden_size\":64,\"num_attention_heads\":5}|config.json: hidden_size 64 is not a multiple of num_attention_heads 5",
            "relu|{\"model_type\":\"phi-msft\",\"activation_function\":\"relu\"}|config.json: activation_function 'relu' is not supported",
            "not json|{\"model_type\": |config.json: not valid JSON",
            "array|[1]|config.json: not a JSON object",
            "zero layers|{\"model_type\":\"phi\",\"num_hidden_layers\":0}|invalid model config: layer count 0",
            "mlp_cls|{\"model_type\":\"mixformer-sequential\",\"architecture\":{\"mlp\":{\"mlp_cls\":\"glu\"}}}|config.json: MixFormer mlp_cls 'glu' is not supported",
    })
    void rejectsUnsupportedOrInvalidConfigs(String caseName, String json, String message) {
        assertThatThrownBy(() -> HfPhiConfig.parse(json, "config.json")).as(caseName)
                .isInstanceOf(PhiException.class)
                .hasMessageContaining(message)
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
    }

    /** Configs written by toJson read back as the same config, including awkward head sizes. */
    @ParameterizedTest
    @ValueSource(ints = {0, 1, 2, 3, 4})
    void toJsonRoundTrips(int which) {
        PhiConfig c = switch (which) {
            case 0 -> PhiConfig.phi2();
            case 1 -> PhiConfig.phi15();
            case 2 -> new PhiConfig(1000, 98, 300, 3, 2, 1, 2, 500, 1e-6, 64, -1, 7);  // head 49, ropeDims 2
            case 3 -> new PhiConfig(96, 60, 240, 1, 3, 3, 14, 10000, 1e-5, 128, 0, 0); // head 20, factor 0.7
            default -> new PhiConfig(96, 48, 192, 2, 4, 4, 0, 10000, 1e-5, 128, 1, 2);  // no rotary
        };
        String json = HfPhiConfig.toJson(c, GgmlType.BF16);
        assertThat(HfPhiConfig.parse(json, "c").config()).isEqualTo(c);
        assertThat(json).contains("\"torch_dtype\": \"bfloat16\"").endsWith("}\n");
    }
}
