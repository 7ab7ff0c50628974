package io.phi4j.format.hf;

import io.phi4j.model.PhiConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

import static org.assertj.core.api.Assertions.assertThat;

class HfTensorNamesTest {
    @ParameterizedTest
    @CsvSource({
            "model.embed_tokens.weight, token_embd.weight",
            "model.layers.0.input_layernorm.weight, blk.0.attn_norm.weight",
            "model.layers.0.input_layernorm.bias, blk.0.attn_norm.bias",
            "model.layers.1.self_attn.q_proj.weight, blk.1.attn_q.weight",
            "model.layers.1.self_attn.k_proj.bias, blk.1.attn_k.bias",
            "model.layers.1.self_attn.v_proj.weight, blk.1.attn_v.weight",
            "model.layers.2.self_attn.dense.weight, blk.2.attn_output.weight",
            "model.layers.2.mlp.fc1.bias, blk.2.ffn_up.bias",
            "model.layers.2.mlp.fc2.weight, blk.2.ffn_down.weight",
            "model.final_layernorm.weight, output_norm.weight",
            "model.final_layernorm.bias, output_norm.bias",
            "lm_head.weight, output.weight",
            "lm_head.bias, output.bias",
    })
    void currentLayoutMapsBothWays(String hf, String canonical) {
        HfTensorNames names = HfTensorNames.forLayout(HfLayout.PHI, 3);
        assertThat(names.toCanonical(hf)).isEqualTo(canonical);
        assertThat(names.toHf(canonical)).isEqualTo(hf);
    }

    @ParameterizedTest
    @CsvSource({
            "transformer.embd.wte.weight, token_embd.weight",
            "transformer.h.0.ln.weight, blk.0.attn_norm.weight",
            "transformer.h.1.mixer.Wqkv.weight, blk.1.attn_qkv.weight",
            "transformer.h.1.mixer.Wqkv.bias, blk.1.attn_qkv.bias",
            "transformer.h.1.mixer.out_proj.bias, blk.1.attn_output.bias",
            "transformer.h.0.mlp.fc1.weight, blk.0.ffn_up.weight",
            "transformer.h.0.mlp.fc2.bias, blk.0.ffn_down.bias",
            "lm_head.ln.weight, output_norm.weight",
            "lm_head.linear.weight, output.weight",
            "lm_head.linear.bias, output.bias",
    })
    void phiMsftLayoutMapsBothWays(String hf, String canonical) {
        HfTensorNames names = HfTensorNames.forLayout(HfLayout.PHI_MSFT, 2);
        assertThat(names.toCanonical(hf)).isEqualTo(canonical);
        assertThat(names.toHf(canonical)).isEqualTo(hf);
    }

    @ParameterizedTest
    @CsvSource({
            "layers.0.wte.weight, token_embd.weight",
            "layers.1.ln.weight, blk.0.attn_norm.weight",
            "layers.2.mixer.Wqkv.weight, blk.1.attn_qkv.weight",
            "layers.2.mixer.out_proj.weight, blk.1.attn_output.weight",
            "layers.1.mlp.fc1.bias, blk.0.ffn_up.bias",
            "layers.2.mlp.fc2.weight, blk.1.ffn_down.weight",
            "layers.3.ln.bias, output_norm.bias",
            "layers.3.linear.weight, output.weight",
            "layers.3.linear.bias, output.bias",
    })
    void mixformerLayoutMapsBothWays(String hf, String canonical) {
        HfTensorNames names = HfTensorNames.forLayout(HfLayout.MIXFORMER_SEQUENTIAL, 2);
        assertThat(names.toCanonical(hf)).isEqualTo(canonical);
        assertThat(names.toHf(canonical)).isEqualTo(hf);
    }

    @Test
    void mixformerReadsOlderMlpSpellings() {
        HfTensorNames names = HfTensorNames.forLayout(HfLayout.MIXFORMER_SEQUENTIAL, 2);
        assertThat(names.toCanonical("layers.1.mlp.fc_in.weight")).isEqualTo("blk.0.ffn_up.weight");
        assertThat(names.toCanonical("layers.2.mlp.fc_out.bias")).isEqualTo("blk.1.ffn_down.bias");
        assertThat(names.toCanonical("layers.2.mlp.mlp.fc1.weight")).isEqualTo("blk.1.ffn_up.weight");
        assertThat(names.toHf("blk.0.ffn_up.weight")).isEqualTo("layers.1.mlp.fc1.weight");
    }

    @ParameterizedTest
    @CsvSource({
            "PHI, model.layers.3.mlp.fc1.weight",          // beyond num_hidden_layers
            "PHI, model.layers.01.mlp.fc1.weight",         // not a plain number
            "PHI, model.layers.0.mlp.fc3.weight",          // unknown module
            "PHI, model.layers.0.mlp.fc1.scale",           // unknown parameter
            "PHI, model.layers.99999999999.mlp.fc1.weight", // absurd number
            "PHI, transformer.h.0.ln.weight",              // other layout
            "PHI, model.layers..mlp.fc1.weight",
            "PHI_MSFT, model.layers.0.mlp.fc1.weight",
            "MIXFORMER_SEQUENTIAL, layers.0.mlp.fc1.weight",  // layers.0 is the embedding
            "MIXFORMER_SEQUENTIAL, layers.4.ln.weight",       // past the head (n_layer + 1 = 3)
    })
    void unknownNamesMapToNull(HfLayout layout, String hf) {
        assertThat(HfTensorNames.forLayout(layout, 2).toCanonical(hf)).isNull();
    }

    @Test
    void fusedQkvHasNoCurrentNameAndSplitHasNoLegacyName() {
        assertThat(HfTensorNames.forLayout(HfLayout.PHI, 2).toHf("blk.0.attn_qkv.weight")).isNull();
        assertThat(HfTensorNames.forLayout(HfLayout.PHI_MSFT, 2).toHf("blk.0.attn_q.weight")).isNull();
        assertThat(HfTensorNames.forLayout(HfLayout.PHI, 2).toHf("blk.2.attn_q.weight")).isNull();
    }

    @Test
    void rotaryBuffersAreIgnorable() {
        assertThat(HfTensorNames.isIgnorable("layers.1.mixer.rotary_emb.inv_freq")).isTrue();
        assertThat(HfTensorNames.isIgnorable("model.layers.0.self_attn.rotary_emb.inv_freq")).isTrue();
        assertThat(HfTensorNames.isIgnorable("model.layers.0.self_attn.q_proj.weight")).isFalse();
    }

    @ParameterizedTest
    @EnumSource(HfLayout.class)
    void everyExpectedTensorHasAnHfNameThatMapsBack(HfLayout layout) {
        PhiConfig c = new PhiConfig(96, 16, 64, 3, 4, 2, 2, 10000, 1e-5, 64, 0, 0);
        HfTensorNames names = HfTensorNames.forLayout(layout, 3);
        for (String canonical : PhiTensorShapes.expected(c, layout.fusedQkv()).keySet()) {
            String hf = names.toHf(canonical);
            assertThat(hf).as(canonical).isNotNull();
            assertThat(names.toCanonical(hf)).isEqualTo(canonical);
        }
    }
}
