package io.phi4j.format.hf;

import io.phi4j.model.PhiConfig;
import io.phi4j.tensor.GgmlType;
import io.phi4j.tensor.Tensor;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.lang.foreign.Arena;
import java.lang.foreign.ValueLayout;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Reads shared/fixtures/tiny-phi2/hf (written with Python); fails if the fixture is missing. */
@Tag("shared")
class HfTinyPhi2FixtureTest {
    @TempDir
    Path tmp;

    private static Path fixture() {
        String shared = System.getProperty("phi4j.shared");
        assertThat(shared).as("system property phi4j.shared").isNotNull();
        Path dir = Path.of(shared, "fixtures", "tiny-phi2", "hf");
        assertThat(dir.resolve("config.json")).exists();
        assertThat(dir.resolve("model.safetensors")).exists();
        return dir;
    }

    @Test
    void opensTheTinyPhi2Checkpoint() {
        try (Arena arena = Arena.ofConfined()) {
            HfCheckpoint ckpt = HfCheckpoint.open(fixture(), arena);
            assertThat(ckpt.config()).isEqualTo(new PhiConfig(51200, 64, 256, 2, 4, 4, 6, 10000, 1e-5, 2048, 50256, 50256));
            assertThat(ckpt.format()).isEqualTo("Hugging Face phi (transformers layout), model.safetensors, F32");
            Map<String, Tensor> t = ckpt.tensors();
            assertThat(t).hasSize(33);
            assertThat(t.get("token_embd.weight").shape()).containsExactly(51200, 64);
            assertThat(t.get("blk.0.attn_q.weight").shape()).containsExactly(64, 64);
            assertThat(t.get("blk.1.ffn_up.weight").shape()).containsExactly(256, 64);
            assertThat(t.get("blk.0.ffn_down.weight").shape()).containsExactly(64, 256);
            assertThat(t.get("output.weight").shape()).containsExactly(51200, 64);
            assertThat(t.get("output.bias").shape()).containsExactly(51200);
            // Values read with Python (safetensors.numpy.load_file) from the same file.
            assertThat(first3(t.get("token_embd.weight"))).containsExactly(0.019838890060782433f, -0.008616222999989986f, 0.2007029801607132f);
            assertThat(at(t.get("token_embd.weight"), 50256L * 64 + 7)).isEqualTo(0.12510769069194794f);
            assertThat(first3(t.get("blk.1.attn_k.bias"))).containsExactly(-0.0021993336267769337f, -0.014964837580919266f, -0.021104957908391953f);
            assertThat(at(t.get("output.bias"), 51199)).isEqualTo(0.02582825906574726f);
            assertThat(first3(t.get("output_norm.weight"))).containsExactly(1.0086023807525635f, 0.9476854801177979f, 0.9565779566764832f);
            assertThat(at(t.get("blk.0.ffn_down.weight"), 64L * 256 - 1)).isEqualTo(0.05807286500930786f);
        }
    }

    @Test
    void rewritingTheFixtureKeepsEveryTensor() throws Exception {
        try (Arena arena = Arena.ofConfined()) {
            HfCheckpoint original = HfCheckpoint.open(fixture(), arena);
            HfCheckpointWriter.write(tmp, original.config(), original.tensors(), GgmlType.F32);
            HfCheckpoint copy = HfCheckpoint.open(tmp, arena);
            assertThat(copy.config()).isEqualTo(original.config());
            for (Tensor t : original.tensors().values()) {
                assertThat(copy.tensors().get(t.name()).data().mismatch(t.data())).as(t.name()).isEqualTo(-1);
            }
            // Same config as the fixture's apart from _name_or_path and the rotary factor spelling (0.4 vs 0.375).
            String written = Files.readString(tmp.resolve("config.json"));
            String fixture = Files.readString(fixture().resolve("config.json"))
                    .replace("  \"_name_or_path\": \"random-phi2-tiny\",\n", "")
                    .replace("\"partial_rotary_factor\": 0.4", "\"partial_rotary_factor\": 0.375");
            assertThat(written).isEqualTo(fixture);
        }
    }

    private static float[] first3(Tensor t) {
        return new float[] {at(t, 0), at(t, 1), at(t, 2)};
    }

    private static float at(Tensor t, long index) {
        return t.data().get(ValueLayout.JAVA_FLOAT_UNALIGNED, index * 4);
    }
}
