package io.phi4j.convert;

import io.phi4j.format.hf.PhiTensorShapes;
import io.phi4j.model.PhiConfig;
import io.phi4j.tensor.GgmlType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import static org.assertj.core.api.Assertions.assertThat;

/** llama-quantize's per-tensor choices on the real Phi-2 shape (32 layers, rows of 2560 and 10240). */
class QuantMixtureTest {
    private static Map<String, GgmlType> choose(PhiConfig c, boolean fused, LlamaFileType ft, boolean pure) {
        List<QuantMixture.TensorInfo> infos = new ArrayList<>();
        PhiTensorShapes.expected(c, fused).forEach((n, s) -> infos.add(new QuantMixture.TensorInfo(n, s, GgmlType.F32)));
        return QuantMixture.choose(infos, ft, pure, c.numLayers());
    }

    private static Set<Integer> layersWith(Map<String, GgmlType> types, String part, GgmlType type) {
        Set<Integer> layers = new TreeSet<>();
        types.forEach((n, t) -> {
            if (n.endsWith("." + part + ".weight") && t == type) {
                layers.add(Integer.parseInt(n.split("\\.")[1]));
            }
        });
        return layers;
    }

    @Test
    void q4kmGivesQ6kToTheAttnVAndFfnDownOfUseMoreBitsLayers() {
        Map<String, GgmlType> t = choose(PhiConfig.phi2(), false, LlamaFileType.Q4_K_M, false);
        // use_more_bits(i, 32): i < 4 || i >= 28 || (i - 4) % 3 == 2
        Set<Integer> expected = new TreeSet<>(List.of(0, 1, 2, 3, 6, 9, 12, 15, 18, 21, 24, 27, 28, 29, 30, 31));
        assertThat(layersWith(t, "attn_v", GgmlType.Q6_K)).isEqualTo(expected);
        assertThat(layersWith(t, "ffn_down", GgmlType.Q6_K)).isEqualTo(expected);
        assertThat(layersWith(t, "attn_v", GgmlType.Q4_K)).hasSize(32 - expected.size());
        assertThat(layersWith(t, "attn_q", GgmlType.Q4_K)).hasSize(32);
        assertThat(t.get("output.weight")).isEqualTo(GgmlType.Q6_K);
        assertThat(t.get("token_embd.weight")).isEqualTo(GgmlType.Q4_K);
        assertThat(t.get("output.bias")).isEqualTo(GgmlType.F32);
        assertThat(t.get("blk.0.attn_norm.weight")).isEqualTo(GgmlType.F32);
    }

    @Test
    void fusedQkvCountsAsAttnV() {
        Map<String, GgmlType> t = choose(PhiConfig.phi2(), true, LlamaFileType.Q5_K_M, false);
        assertThat(layersWith(t, "attn_qkv", GgmlType.Q6_K)).hasSize(16);
        assertThat(layersWith(t, "attn_qkv", GgmlType.Q5_K)).hasSize(16);
    }

    @ParameterizedTest
    @CsvSource({"q4_0, Q6_K, Q4_0", "q4_1, Q6_K, Q4_1", "q5_0, Q6_K, Q5_0", "q5_1, Q6_K, Q5_1", "q8_0, Q8_0, Q8_0",
            "q6_k, Q6_K, Q6_K", "f16, F16, F16", "bf16, BF16, BF16", "f32, F32, F32"})
    void outputMatrixGetsQ6kUnlessQ8_0(String type, GgmlType output, GgmlType rest) {
        Map<String, GgmlType> t = choose(PhiConfig.phi2(), false, LlamaFileType.parse(type), false);
        assertThat(t.get("output.weight")).isEqualTo(output);
        assertThat(t.get("blk.5.ffn_up.weight")).isEqualTo(rest);
        assertThat(t.get("token_embd.weight")).isEqualTo(rest);
        Map<String, GgmlType> pure = choose(PhiConfig.phi2(), false, LlamaFileType.parse(type), true);
        assertThat(pure.get("output.weight")).isEqualTo(rest);
    }

    @Test
    void kQuantsFallBackWhereRowsAreNotMultiplesOf256() {
        // hidden 2048 + 64 = 2112: a multiple of 32 but not of 256; a row of 80 is not even a multiple of 32.
        PhiConfig c = new PhiConfig(512, 2112, 8448, 2, 33, 33, 32, 10000, 1e-5, 128, -1, -1);
        Map<String, GgmlType> q4k = choose(c, false, LlamaFileType.Q4_K_M, true);
        assertThat(q4k.get("blk.0.attn_q.weight")).isEqualTo(GgmlType.Q5_0);
        Map<String, GgmlType> q5k = choose(c, false, LlamaFileType.Q5_K_M, true);
        assertThat(q5k.get("blk.0.attn_q.weight")).isEqualTo(GgmlType.Q5_1);
        Map<String, GgmlType> q6k = choose(c, false, LlamaFileType.Q6_K, false);
        assertThat(q6k.get("blk.0.attn_q.weight")).isEqualTo(GgmlType.Q8_0);
        assertThat(q6k.get("output.weight")).isEqualTo(GgmlType.Q8_0);
        PhiConfig odd = new PhiConfig(512, 80, 320, 1, 1, 1, 16, 10000, 1e-5, 128, -1, -1);
        assertThat(choose(odd, false, LlamaFileType.Q4_K_M, true).get("blk.0.attn_q.weight")).isEqualTo(GgmlType.F16);
        assertThat(choose(odd, false, LlamaFileType.Q4_0, true).get("blk.0.attn_q.weight")).isEqualTo(GgmlType.F16);
    }

    @Test
    void visitsTensorsInLlamaCppOrder() {
        Map<String, GgmlType> t = choose(new PhiConfig(512, 256, 512, 12, 4, 4, 32, 10000, 1e-5, 128, -1, -1), false,
                LlamaFileType.Q4_0, false);
        List<String> names = new ArrayList<>(t.keySet());
        assertThat(names.subList(0, 5)).containsExactly("output.bias", "output.weight", "output_norm.bias",
                "output_norm.weight", "token_embd.weight");
        assertThat(names.indexOf("blk.2.attn_k.bias")).isLessThan(names.indexOf("blk.10.attn_k.bias"));
    }
}
