package io.phi4j.convert;

import io.phi4j.Model;
import io.phi4j.format.gguf.GgufFile;
import io.phi4j.format.hf.HfCheckpoint;
import io.phi4j.format.hf.HfCheckpointWriter;
import io.phi4j.format.safetensors.SafetensorsFile;
import io.phi4j.tensor.GgmlType;
import io.phi4j.tensor.Tensor;
import io.phi4j.testing.Fixtures;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** Hugging Face ↔ GGUF conversions lose nothing, whatever the source layout. */
class ConvertRoundTripTest {
    private static final int[] IDS = {511, 258, 297, 78, 476, 335, 262, 100, 200, 300, 400, 500, 17, 3, 256, 1};

    @TempDir
    static Path work;
    static Path hfF32;

    @BeforeAll
    static void setUp() {
        hfF32 = work.resolve("small-phi2");
        GgufToHf.convert(Fixtures.resource("reference/small-phi2/small-phi2-F16.gguf"), hfF32, GgmlType.F32, null, Progress.NONE);
    }

    @ParameterizedTest
    @ValueSource(strings = {"F32", "F16", "BF16"})
    void huggingFaceToGgufAndBackGivesIdenticalFiles(String dtype) throws IOException {
        Path src = work.resolve("src-" + dtype);
        GgufToHf.convert(Fixtures.resource("reference/small-phi2/small-phi2-F16.gguf"), src, GgmlType.valueOf(dtype), null, Progress.NONE);
        Path gguf = work.resolve("rt-" + dtype + ".gguf");
        HfToGguf.convert(src, gguf, LlamaFileType.parse(dtype), false, Progress.NONE);
        Path back = work.resolve("back-" + dtype);
        GgufToHf.convert(gguf, back, null, null, Progress.NONE);
        try (Arena arena = Arena.ofConfined()) {
            SafetensorsFile a = SafetensorsFile.open(src.resolve("model.safetensors"), arena);
            SafetensorsFile b = SafetensorsFile.open(back.resolve("model.safetensors"), arena);
            assertThat(b.names()).containsExactlyElementsOf(a.names());
            for (String name : a.names()) {
                Tensor x = a.tensor(name), y = b.tensor(name);
                assertThat(y.type()).as(name).isEqualTo(GgmlType.valueOf(dtype));
                assertThat(y.shape()).as(name).isEqualTo(x.shape());
                assertThat(y.data().mismatch(x.data())).as(name + " bytes").isEqualTo(-1);
            }
        }
        for (String f : List.of("model.safetensors", "config.json", "tokenizer.json", "vocab.json", "merges.txt",
                "tokenizer_config.json", "special_tokens_map.json")) {
            assertThat(Files.readAllBytes(back.resolve(f))).as(f).isEqualTo(Files.readAllBytes(src.resolve(f)));
        }
    }

    private static float[] logits(Path model) {
        try (Model m = Model.load(model)) {
            return m.newSession(IDS.length).append(IDS, 0, IDS.length, true);
        }
    }

    @Test
    void legacyAndShardedCheckpointsConvertToTheSameTensors() throws IOException {
        Path current = work.resolve("current-q8.gguf");
        HfToGguf.convert(hfF32, current, LlamaFileType.Q8_0, false, Progress.NONE);

        Path legacyDir = work.resolve("legacy");
        LegacyCopy.write(hfF32, legacyDir);
        Path legacy = work.resolve("legacy-q8.gguf");
        HfToGguf.convert(legacyDir, legacy, LlamaFileType.Q8_0, false, Progress.NONE);

        Path shardedDir = work.resolve("sharded");
        try (Arena arena = Arena.ofConfined()) {
            HfCheckpoint ckpt = HfCheckpoint.open(hfF32, arena);
            List<Path> files = HfCheckpointWriter.write(shardedDir, ckpt.config(), ckpt.tensors(), GgmlType.BF16, 1_000_000);
            assertThat(files.stream().filter(f -> f.getFileName().toString().endsWith(".safetensors")).count()).isGreaterThan(2);
        }
        for (String f : List.of("tokenizer.json", "vocab.json", "merges.txt", "tokenizer_config.json", "special_tokens_map.json")) {
            Files.copy(hfF32.resolve(f), shardedDir.resolve(f));
        }
        Path sharded = work.resolve("sharded-q8.gguf");
        HfToGguf.convert(shardedDir, sharded, LlamaFileType.Q8_0, false, Progress.NONE);

        // Same tensors, byte for byte (the legacy file keeps q, k, v fused in one attn_qkv, as llama.cpp's converter).
        Path bf16Dir = work.resolve("bf16");
        GgufToHf.convert(Fixtures.resource("reference/small-phi2/small-phi2-F16.gguf"), bf16Dir, GgmlType.BF16, null, Progress.NONE);
        Path bf16 = work.resolve("bf16-q8.gguf");
        HfToGguf.convert(bf16Dir, bf16, LlamaFileType.Q8_0, false, Progress.NONE);
        try (Arena arena = Arena.ofConfined()) {
            GgufFile cur = GgufFile.open(current, arena);
            GgufFile leg = GgufFile.open(legacy, arena);
            assertThat(leg.tensors()).hasSize(cur.tensors().size() - 2 * 2 * 2);
            for (Tensor t : leg.tensors()) {
                if (t.name().contains(".attn_qkv.")) {
                    String layer = t.name().substring(0, t.name().indexOf(".attn_qkv."));
                    String suffix = t.name().substring(t.name().lastIndexOf('.'));
                    long at = 0;
                    for (String part : List.of("attn_q", "attn_k", "attn_v")) {
                        MemorySegment p = cur.tensor(layer + "." + part + suffix).data();
                        assertThat(t.data().asSlice(at, p.byteSize()).mismatch(p)).as(t.name() + " " + part).isEqualTo(-1);
                        at += p.byteSize();
                    }
                    assertThat(at).isEqualTo(t.data().byteSize());
                } else {
                    assertThat(t.data().mismatch(cur.tensor(t.name()).data())).as(t.name()).isEqualTo(-1);
                }
            }
            GgufFile sh = GgufFile.open(sharded, arena);
            GgufFile one = GgufFile.open(bf16, arena);
            for (Tensor t : one.tensors()) {
                assertThat(sh.tensor(t.name()).data().mismatch(t.data())).as("sharded " + t.name()).isEqualTo(-1);
            }
        }
        // And the engine reads them as the same model (its Vector API reductions may round differently between runs).
        float[] expected = logits(current), fromLegacy = logits(legacy);
        for (int i = 0; i < expected.length; i++) {
            assertThat(fromLegacy[i]).as("logit %d", i).isCloseTo(expected[i], within(1e-4f));
        }
        try (Model m = Model.load(legacy)) {
            assertThat(m.weights().tensors()).containsKey("blk.0.attn_q.weight");
            assertThat(m.info().tensorTypes()).containsEntry("Q8_0", 10);
        }
    }

    @Test
    void quantizedGgufToHuggingFaceDequantizesExactly() throws IOException {
        Path q = Fixtures.resource("reference/small-phi2/small-phi2-Q4_K.gguf");
        Path dir = work.resolve("from-q4k");
        ConversionResult r = GgufToHf.convert(q, dir, null, null, Progress.NONE);
        assertThat(r.tensorTypes()).containsOnlyKeys("F32");
        try (Arena arena = Arena.ofConfined(); Model gguf = Model.load(q)) {
            SafetensorsFile st = SafetensorsFile.open(dir.resolve("model.safetensors"), arena);
            Tensor embd = gguf.weights().tensors().get("token_embd.weight");
            assertThat(st.tensor("model.embed_tokens.weight").toFloatArray()).isEqualTo(embd.toFloatArray());
            Tensor fc2 = gguf.weights().tensors().get("blk.1.ffn_down.weight");
            assertThat(st.tensor("model.layers.1.mlp.fc2.weight").toFloatArray()).isEqualTo(fc2.toFloatArray());
        }
        float[] a = logits(q), b = logits(dir);
        for (int i = 0; i < a.length; i++) {
            assertThat(Math.abs(a[i] - b[i])).as("logit %d", i).isLessThan(1e-3f);
        }
        assertThat(Files.readString(dir.resolve("config.json")).toLowerCase(Locale.ROOT)).contains("\"torch_dtype\": \"float32\"");
    }
}
