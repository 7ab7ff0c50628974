package io.phi4j.format.gguf;

import io.phi4j.tensor.Fp16;
import io.phi4j.tensor.GgmlType;
import io.phi4j.tensor.Tensor;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.lang.foreign.Arena;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Reads the shared tiny-phi2 GGUF models and llama.cpp's vocab-only GGUF files. Expected values were read with
 * the `gguf` Python package (GGUFReader) and hardcoded; missing fixtures fail the test.
 */
@Tag("shared")
class GgufSharedFixturesTest {

    private static Path shared(String relative) {
        String root = System.getProperty("phi4j.shared");
        assertThat(root).as("system property phi4j.shared").isNotNull();
        Path p = Path.of(root, relative);
        assertThat(Files.isRegularFile(p)).as("fixture " + p).isTrue();
        return p;
    }

    private static void assertTinyPhi2Metadata(GgufFile g, int fileType) {
        assertThat(g.version()).isEqualTo(3);
        assertThat(g.alignment()).isEqualTo(32);
        assertThat(g.metadata()).hasSize(23);
        assertThat(g.metadata().keySet()).startsWith("general.architecture", "general.type", "general.name");
        assertThat(g.getString("general.architecture")).isEqualTo("phi2");
        assertThat(g.getString("general.name")).isEqualTo("Random Phi2 Tiny");
        assertThat(g.metadata().get("phi2.embedding_length")).isEqualTo(GgufValue.uint32(64));
        assertThat(g.getInt("phi2.embedding_length")).isEqualTo(64);
        assertThat(g.getInt("phi2.context_length")).isEqualTo(2048);
        assertThat(g.getInt("phi2.feed_forward_length")).isEqualTo(256);
        assertThat(g.getInt("phi2.block_count")).isEqualTo(2);
        assertThat(g.getInt("phi2.attention.head_count")).isEqualTo(4);
        assertThat(g.getInt("phi2.attention.head_count_kv")).isEqualTo(4);
        assertThat(g.getInt("phi2.rope.dimension_count")).isEqualTo(6);
        assertThat(g.getFloat("phi2.attention.layer_norm_epsilon")).isEqualTo(1e-5f);
        assertThat(g.getInt("general.file_type")).isEqualTo(fileType);
        assertThat(g.getBoolean("tokenizer.ggml.add_bos_token")).isFalse();
        assertThat(g.getString("tokenizer.ggml.model")).isEqualTo("gpt2");
        assertThat(g.getString("tokenizer.ggml.pre")).isEqualTo("phi-2");
        List<String> tokens = g.getStringArray("tokenizer.ggml.tokens");
        assertThat(tokens).hasSize(51200).startsWith("!", "\"", "#");
        assertThat(tokens.getLast()).isEqualTo("[PAD51199]");
        int[] types = g.getIntArray("tokenizer.ggml.token_type");
        assertThat(types).hasSize(51200).startsWith(1, 1, 1);
        assertThat(types[51199]).isEqualTo(5);
        List<String> merges = g.getStringArray("tokenizer.ggml.merges");
        assertThat(merges).hasSize(50000).startsWith("\u0120 t", "\u0120 a", "h e");
        assertThat(merges.getLast()).isEqualTo("\u0120g azed");
        assertThat(g.getInt("tokenizer.ggml.bos_token_id")).isEqualTo(50256);
        assertThat(g.getInt("tokenizer.ggml.eos_token_id")).isEqualTo(50256);
        assertThat(g.getInt("general.quantization_version")).isEqualTo(2);
    }

    private static float[] floats(int... bits) {
        float[] f = new float[bits.length];
        for (int i = 0; i < bits.length; i++) {
            f[i] = Float.intBitsToFloat(bits[i]);
        }
        return f;
    }

    @Test
    void tinyPhi2F32() {
        try (Arena arena = Arena.ofConfined()) {
            GgufFile g = GgufFile.open(shared("fixtures/tiny-phi2/gguf/phi2-tiny-random-std0.1-F32.gguf"), arena);
            assertTinyPhi2Metadata(g, 0);
            assertThat(g.tensors()).hasSize(33);
            assertThat(g.dataOffset()).isEqualTo(1789824);
            Tensor embd = g.tensor("token_embd.weight");
            assertThat(embd.type()).isEqualTo(GgmlType.F32);
            assertThat(embd.shape()).containsExactly(51200, 64);   // GGUF dims [64, 51200], reversed
            float[] row0 = new float[64];
            embd.dequantizeRow(0, row0, 0);
            assertThat(row0).startsWith(floats(1017283883, -1139987697, 1045267733)); // 0.0198389, -0.0086162, 0.2007030
            Tensor q = g.tensor("blk.0.attn_q.weight");
            assertThat(q.shape()).containsExactly(64, 64);
            assertThat(q.toFloatArray()).startsWith(floats(1042497096, 1032899679, -1105254685));
            assertThat(g.tensor("blk.0.ffn_up.weight").shape()).containsExactly(256, 64);
            assertThat(g.tensor("blk.0.ffn_down.weight").shape()).containsExactly(64, 256);
            Tensor bias = g.tensor("output.bias");
            assertThat(bias.shape()).containsExactly(51200);
            assertThat(bias.toFloatArray()).startsWith(floats(1021059273, -1127486178, -1142573488))
                    .endsWith(floats(-1152667993, 1020499401));
            assertThat(g.tensors().getLast().name()).isEqualTo("output.bias");
        }
    }

    @Test
    void tinyPhi2F16IsTheF32ModelRoundedToHalf() {
        try (Arena arena = Arena.ofConfined()) {
            GgufFile f32 = GgufFile.open(shared("fixtures/tiny-phi2/gguf/phi2-tiny-random-std0.1-F32.gguf"), arena);
            GgufFile f16 = GgufFile.open(shared("fixtures/tiny-phi2/gguf/phi2-tiny-random-std0.1-F16.gguf"), arena);
            assertTinyPhi2Metadata(f16, 1);
            assertThat(f16.tensors()).extracting(Tensor::name).containsExactlyElementsOf(
                    f32.tensors().stream().map(Tensor::name).toList());
            Tensor embd = f16.tensor("token_embd.weight");
            assertThat(embd.type()).isEqualTo(GgmlType.F16);
            assertThat(embd.shape()).containsExactly(51200, 64);
            assertThat(embd.toFloatArray()).startsWith(0.01983642578125f, -0.00861358642578125f, 0.20068359375f);
            assertThat(f16.tensor("blk.0.attn_norm.weight").type()).isEqualTo(GgmlType.F32);
            for (Tensor t : f16.tensors()) {
                float[] want = f32.tensor(t.name()).toFloatArray();
                if (t.type() == GgmlType.F16) {
                    for (int i = 0; i < want.length; i++) {
                        want[i] = Fp16.round(want[i]);
                    }
                }
                float[] got = t.toFloatArray();
                assertThat(got).as(t.name()).hasSameSizeAs(want);
                for (int i = 0; i < want.length; i++) {
                    if (Float.floatToRawIntBits(got[i]) != Float.floatToRawIntBits(want[i])) {
                        throw new AssertionError(t.name() + "[" + i + "]: F16 file has " + got[i]
                                + ", the F32 file's value rounded to half is " + want[i]);
                    }
                }
            }
        }
    }

    @Test
    void tinyPhi2FusedQkv() {
        try (Arena arena = Arena.ofConfined()) {
            GgufFile g = GgufFile.open(shared("fixtures/tiny-phi2/gguf/phi2-tiny-random-std0.1-F16-fusedqkv.gguf"), arena);
            assertTinyPhi2Metadata(g, 1);
            assertThat(g.tensors()).hasSize(25);
            assertThat(g.findTensor("blk.0.attn_q.weight")).isEmpty();
            Tensor qkv = g.tensor("blk.0.attn_qkv.weight");
            assertThat(qkv.type()).isEqualTo(GgmlType.F16);
            assertThat(qkv.shape()).containsExactly(192, 64);
            assertThat(qkv.toFloatArray()).startsWith(0.159423828125f, 0.0706787109375f, -0.1553955078125f);
            assertThat(g.tensor("blk.0.attn_qkv.bias").shape()).containsExactly(192);
            Tensor down = g.tensor("blk.0.ffn_down.weight");
            assertThat(down.shape()).containsExactly(64, 256);
            assertThat(down.toFloatArray()).startsWith(0.0068206787109375f, 0.0526123046875f, -0.1114501953125f);
            assertThat(g.tensor("output.weight").shape()).containsExactly(51200, 64);
        }
    }

    @Test
    void llamaCppVocabFiles() {
        try (Arena arena = Arena.ofConfined()) {
            GgufFile phi = GgufFile.open(shared("fixtures/tokenizer/llama.cpp-vectors/ggml-vocab-phi-2.gguf"), arena);
            assertThat(phi.tensors()).isEmpty();
            assertThat(phi.metadata()).hasSize(22);
            assertThat(phi.getString("general.architecture")).isEqualTo("phi2");
            assertThat(phi.getString("tokenizer.ggml.pre")).isEqualTo("phi-2");
            assertThat(phi.getStringArray("tokenizer.ggml.tokens")).hasSize(51200).endsWith("[PAD51199]");
            assertThat(phi.getStringArray("tokenizer.ggml.merges")).hasSize(50000).startsWith("\u0120 t");
            assertThat(phi.getInt("tokenizer.ggml.unknown_token_id")).isEqualTo(50256);

            GgufFile gpt2 = GgufFile.open(shared("fixtures/tokenizer/llama.cpp-vectors/ggml-vocab-gpt-2.gguf"), arena);
            assertThat(gpt2.tensors()).isEmpty();
            assertThat(gpt2.metadata()).hasSize(16);
            assertThat(gpt2.getString("general.architecture")).isEqualTo("gpt2");
            assertThat(gpt2.getString("general.name")).isEqualTo("gpt-2");
            assertThat(gpt2.getInt("gpt2.embedding_length")).isEqualTo(768);
            assertThat(gpt2.getInt("gpt2.block_count")).isEqualTo(12);
            List<String> tokens = gpt2.getStringArray("tokenizer.ggml.tokens");
            assertThat(tokens).hasSize(50257).startsWith("!", "\"", "#");
            assertThat(tokens.getLast()).isEqualTo("<|endoftext|>");
            assertThat(gpt2.getIntArray("tokenizer.ggml.token_type")[50256]).isEqualTo(3);
            assertThat(gpt2.optionalBoolean("tokenizer.ggml.add_bos_token")).isEmpty();
        }
    }

    @Test
    void rewritingAFixtureReproducesItsBytes() throws Exception {
        Path src = shared("fixtures/tiny-phi2/gguf/phi2-tiny-random-std0.1-F16-fusedqkv.gguf");
        Path out = Files.createTempDirectory("phi4j-gguf").resolve("copy.gguf");
        try (Arena arena = Arena.ofConfined()) {
            GgufFile g = GgufFile.open(src, arena);
            GgufWriter.write(out, g.metadata(), g.tensors());
            assertThat(Files.mismatch(src, out)).isEqualTo(-1L);
        } finally {
            Files.deleteIfExists(out);
            Files.deleteIfExists(out.getParent());
        }
    }
}
