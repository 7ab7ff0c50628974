package io.phi4j.format.hf;

import io.phi4j.PhiException;
import io.phi4j.format.safetensors.SafetensorsFile;
import io.phi4j.format.safetensors.SafetensorsWriter;
import io.phi4j.model.PhiConfig;
import io.phi4j.tensor.GgmlType;
import io.phi4j.tensor.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.lang.foreign.Arena;
import java.lang.foreign.ValueLayout;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static io.phi4j.format.hf.TinyCheckpoints.CONFIG;
import static io.phi4j.format.hf.TinyCheckpoints.MHA_CONFIG;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class HfCheckpointTest {
    @TempDir
    Path dir;

    private static byte[] bytes(Tensor t) {
        return t.data().toArray(ValueLayout.JAVA_BYTE);
    }

    private static void assertSameTensors(Map<String, Tensor> actual, Map<String, Tensor> expected) {
        assertThat(actual.keySet()).containsExactlyInAnyOrderElementsOf(expected.keySet());
        for (Tensor e : expected.values()) {
            Tensor a = actual.get(e.name());
            assertThat(a.name()).isEqualTo(e.name());
            assertThat(a.type()).as(e.name()).isEqualTo(e.type());
            assertThat(a.shape()).as(e.name()).isEqualTo(e.shape());
            assertThat(bytes(a)).as(e.name()).isEqualTo(bytes(e));
        }
    }

    @Test
    void canonicalToCurrentLayoutAndBackIsIdentical() throws Exception {
        Map<String, Tensor> canonical = TinyCheckpoints.canonical(CONFIG, false, 1);
        List<Path> written = HfCheckpointWriter.write(dir, CONFIG, canonical, GgmlType.F32);
        assertThat(written).containsExactly(dir.resolve("model.safetensors"), dir.resolve("config.json"));
        assertThat(Files.readString(dir.resolve("config.json"))).isEqualTo(HfPhiConfig.toJson(CONFIG, GgmlType.F32));
        try (Arena arena = Arena.ofConfined()) {
            HfCheckpoint ckpt = HfCheckpoint.open(dir, arena);
            assertThat(ckpt.config()).isEqualTo(CONFIG);
            assertThat(ckpt.modelDir()).isEqualTo(dir);
            assertThat(ckpt.format()).isEqualTo("Hugging Face phi (transformers layout), model.safetensors, F32");
            assertSameTensors(ckpt.tensors(), canonical);
            SafetensorsFile file = SafetensorsFile.open(dir.resolve("model.safetensors"), arena);
            assertThat(file.metadata()).containsExactly(Map.entry("format", "pt"));
            assertThat(file.names()).contains("model.layers.1.self_attn.q_proj.weight", "lm_head.bias")
                    .hasSize(canonical.size());
        }
    }

    @Test
    void openAcceptsTheWeightsFileOrConfigPath() {
        HfCheckpointWriter.write(dir, CONFIG, TinyCheckpoints.canonical(CONFIG, false, 2), GgmlType.F32);
        try (Arena arena = Arena.ofConfined()) {
            assertThat(HfCheckpoint.open(dir.resolve("model.safetensors"), arena).tensors()).hasSize(33);
            assertThat(HfCheckpoint.open(dir.resolve("config.json"), arena).modelDir()).isEqualTo(dir.toAbsolutePath());
        }
    }

    @ParameterizedTest
    @EnumSource(value = GgmlType.class, names = {"F16", "BF16"})
    void writesHalfPrecisionWeights(GgmlType dtype) throws Exception {
        Map<String, Tensor> canonical = TinyCheckpoints.canonical(CONFIG, false, 3);
        HfCheckpointWriter.write(dir, CONFIG, canonical, dtype);
        assertThat(HfPhiConfig.read(dir.resolve("config.json")).torchDtype())
                .isEqualTo(dtype == GgmlType.F16 ? "float16" : "bfloat16");
        try (Arena arena = Arena.ofConfined()) {
            HfCheckpoint ckpt = HfCheckpoint.open(dir, arena);
            assertThat(ckpt.format()).endsWith(", " + dtype);
            Tensor up = ckpt.tensors().get("blk.1.ffn_up.weight");
            assertThat(up.type()).isEqualTo(dtype);
            float original = canonical.get("blk.1.ffn_up.weight").toFloatArray()[5];
            short stored = up.data().get(ValueLayout.JAVA_SHORT_UNALIGNED, 10);
            float back = dtype == GgmlType.F16 ? Float.float16ToFloat(stored)
                    : Float.intBitsToFloat((stored & 0xFFFF) << 16);
            assertThat(back).isCloseTo(original, org.assertj.core.data.Offset.offset(Math.abs(original) / 100));
        }
    }

    @Test
    void fusedQkvIsSplitIntoQKVRowsWhenWritingTheCurrentLayout() {
        Map<String, Tensor> fused = TinyCheckpoints.canonical(CONFIG, true, 4);
        HfCheckpointWriter.write(dir, CONFIG, fused, GgmlType.F32);
        try (Arena arena = Arena.ofConfined()) {
            Map<String, Tensor> back = HfCheckpoint.open(dir, arena).tensors();
            Tensor qkv = fused.get("blk.1.attn_qkv.weight");     // [16 + 8 + 8, 16]
            Tensor qkvBias = fused.get("blk.1.attn_qkv.bias");
            assertThat(bytes(back.get("blk.1.attn_q.weight"))).isEqualTo(bytes(qkv.sliceRows("q", 0, 16)));
            assertThat(bytes(back.get("blk.1.attn_k.weight"))).isEqualTo(bytes(qkv.sliceRows("k", 16, 24)));
            assertThat(bytes(back.get("blk.1.attn_v.weight"))).isEqualTo(bytes(qkv.sliceRows("v", 24, 32)));
            assertThat(back.get("blk.1.attn_k.weight").shape()).containsExactly(8, 16);
            float[] bias = qkvBias.toFloatArray();
            assertThat(back.get("blk.1.attn_v.bias").toFloatArray()).containsExactly(java.util.Arrays.copyOfRange(bias, 24, 32));
            assertThat(back).doesNotContainKey("blk.1.attn_qkv.weight");
        }
    }

    @Test
    void shardedWriteReadsBackIdentically() throws Exception {
        Map<String, Tensor> canonical = TinyCheckpoints.canonical(CONFIG, false, 5);
        List<Path> written = HfCheckpointWriter.write(dir, CONFIG, canonical, GgmlType.F32, 8000);
        assertThat(written).contains(dir.resolve("model.safetensors.index.json"), dir.resolve("config.json"));
        long shards = written.stream().filter(p -> p.getFileName().toString().matches("model-\\d{5}-of-\\d{5}\\.safetensors")).count();
        assertThat(shards).isGreaterThan(2);
        assertThat(Files.exists(dir.resolve("model.safetensors"))).isFalse();
        try (Arena arena = Arena.ofConfined()) {
            HfCheckpoint ckpt = HfCheckpoint.open(dir, arena);
            assertSameTensors(ckpt.tensors(), canonical);
            assertThat(ckpt.format()).contains(shards + " shards");
            assertThat(ckpt.weightFiles()).hasSize((int) shards + 1);
        }
    }

    @ParameterizedTest
    @EnumSource(value = HfLayout.class, names = {"PHI_MSFT", "MIXFORMER_SEQUENTIAL"})
    void legacyCheckpointsReadWithFusedQkv(HfLayout layout) throws Exception {
        Map<String, Tensor> canonical = TinyCheckpoints.canonical(MHA_CONFIG, true, 6);
        TinyCheckpoints.writeLegacy(dir, layout, MHA_CONFIG, canonical);
        try (Arena arena = Arena.ofConfined()) {
            HfCheckpoint ckpt = HfCheckpoint.open(dir, arena);
            assertThat(ckpt.config()).isEqualTo(MHA_CONFIG);
            assertThat(ckpt.hfConfig().layout()).isEqualTo(layout);
            assertThat(ckpt.format()).startsWith("Hugging Face " + layout.modelType() + " (legacy ");
            assertSameTensors(ckpt.tensors(), canonical);
            assertThat(ckpt.tensors().get("blk.0.attn_qkv.weight").shape()).containsExactly(48, 16);

            // Converting the legacy checkpoint to the current layout splits Wqkv.
            Path converted = dir.resolve("converted");
            HfCheckpointWriter.write(converted, ckpt.config(), ckpt.tensors(), GgmlType.F32);
            Map<String, Tensor> current = HfCheckpoint.open(converted, arena).tensors();
            assertThat(bytes(current.get("blk.0.attn_k.weight")))
                    .isEqualTo(bytes(canonical.get("blk.0.attn_qkv.weight").sliceRows("k", 16, 32)));
            assertThat(bytes(current.get("output.weight"))).isEqualTo(bytes(canonical.get("output.weight")));
        }
    }

    @Test
    void missingConfigIsAClearError() throws Exception {
        Files.createDirectories(dir.resolve("m"));
        SafetensorsWriter.write(dir.resolve("m/model.safetensors"), List.of(Tensor.ofFloats("x", new long[] {1}, new float[] {1})));
        try (Arena arena = Arena.ofConfined()) {
            assertThatThrownBy(() -> HfCheckpoint.open(dir.resolve("m/model.safetensors"), arena))
                    .isInstanceOf(PhiException.class).hasMessageContaining("no config.json beside the weights");
        }
    }

    @Test
    void pytorchBinCheckpointsAskForConversion() throws Exception {
        Files.writeString(dir.resolve("config.json"), HfPhiConfig.toJson(CONFIG));
        Files.write(dir.resolve("pytorch_model.bin"), new byte[] {1, 2, 3});
        try (Arena arena = Arena.ofConfined()) {
            assertThatThrownBy(() -> HfCheckpoint.open(dir, arena)).isInstanceOf(PhiException.class)
                    .hasMessageContaining("PyTorch .bin weights are not supported")
                    .hasMessageContaining("convert them to safetensors");
            assertThatThrownBy(() -> HfCheckpoint.open(dir.resolve("pytorch_model.bin"), arena))
                    .isInstanceOf(PhiException.class).hasMessageContaining("convert them to safetensors");
        }
    }

    @Test
    void unknownMissingMisshapenAndUnusableTensorsAreReported() throws Exception {
        Map<String, Tensor> canonical = TinyCheckpoints.canonical(CONFIG, false, 7);
        List<Tensor> hf = new ArrayList<>(HfCheckpointWriter.toHfTensors(CONFIG, canonical));
        Files.writeString(dir.resolve("config.json"), HfPhiConfig.toJson(CONFIG));
        Path weights = dir.resolve("model.safetensors");

        List<Tensor> extra = new ArrayList<>(hf);
        extra.add(Tensor.ofFloats("model.layers.2.mlp.fc1.bias", new long[] {64}, new float[64]));
        SafetensorsWriter.write(weights, extra);
        assertOpenFails("model.safetensors: tensor model.layers.2.mlp.fc1.bias is not part of a phi checkpoint with 2 layers");

        List<Tensor> missing = new ArrayList<>(hf);
        missing.removeIf(t -> t.name().equals("model.layers.1.mlp.fc2.bias"));
        SafetensorsWriter.write(weights, missing);
        assertOpenFails("model.safetensors: tensor model.layers.1.mlp.fc2.bias is missing");

        List<Tensor> misshapen = new ArrayList<>(hf);
        misshapen.replaceAll(t -> t.name().equals("lm_head.bias") ? Tensor.ofFloats(t.name(), new long[] {95}, new float[95]) : t);
        SafetensorsWriter.write(weights, misshapen);
        assertOpenFails("model.safetensors: tensor lm_head.bias has shape [95] but config.json implies [96]");

        // An I64 tensor opens as a safetensors entry but cannot be a model weight.
        List<Tensor> ok = new ArrayList<>(hf);
        ok.removeIf(t -> t.name().equals("model.final_layernorm.bias"));
        SafetensorsWriter.write(weights, ok);
        byte[] file = Files.readAllBytes(weights);
        String header = new String(file, 8, (int) java.nio.ByteBuffer.wrap(file, 0, 8).order(java.nio.ByteOrder.LITTLE_ENDIAN).getLong());
        int end = header.stripTrailing().length() - 1;
        long dataLength = file.length - 8 - header.length();
        String patched = header.substring(0, end) + ",\"model.final_layernorm.bias\":{\"dtype\":\"I64\",\"shape\":[16],"
                + "\"data_offsets\":[" + dataLength + "," + (dataLength + 128) + "]}}";
        byte[] patchedHeader = patched.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        java.nio.ByteBuffer out = java.nio.ByteBuffer.allocate(8 + patchedHeader.length + (int) dataLength + 128)
                .order(java.nio.ByteOrder.LITTLE_ENDIAN);
        out.putLong(patchedHeader.length).put(patchedHeader).put(file, 8 + header.length(), (int) dataLength);
        Files.write(weights, out.array());
        assertOpenFails("model.safetensors: tensor model.final_layernorm.bias has dtype I64, which phi4j cannot use");
    }

    private void assertOpenFails(String message) {
        try (Arena arena = Arena.ofConfined()) {
            assertThatThrownBy(() -> HfCheckpoint.open(dir, arena)).isInstanceOf(PhiException.class)
                    .hasMessageContaining(message);
        }
    }

    @Test
    void writerRejectsIncompleteOrForeignTensorSets() {
        Map<String, Tensor> canonical = new LinkedHashMap<>(TinyCheckpoints.canonical(CONFIG, false, 8));
        canonical.remove("blk.0.attn_v.bias");
        assertThatThrownBy(() -> HfCheckpointWriter.write(dir, CONFIG, canonical, GgmlType.F32))
                .isInstanceOf(PhiException.class).hasMessageContaining("tensor blk.0.attn_v.bias is missing");
        canonical.put("blk.0.attn_v.bias", Tensor.ofFloats("blk.0.attn_v.bias", new long[] {8}, new float[8]));
        canonical.put("rope_freqs.weight", Tensor.ofFloats("rope_freqs.weight", new long[] {1}, new float[1]));
        assertThatThrownBy(() -> HfCheckpointWriter.write(dir, CONFIG, canonical, GgmlType.F32))
                .isInstanceOf(PhiException.class).hasMessageContaining("rope_freqs.weight has no place");
        canonical.remove("rope_freqs.weight");
        assertThatThrownBy(() -> HfCheckpointWriter.write(dir, CONFIG, canonical, GgmlType.Q8_0))
                .isInstanceOf(PhiException.class).hasMessageContaining("not Q8_0");
        PhiConfig bigger = new PhiConfig(96, 16, 128, 2, 4, 2, 2, 10000, 1e-5, 128, 0, 1);
        assertThatThrownBy(() -> HfCheckpointWriter.write(dir, bigger, canonical, GgmlType.F32))
                .isInstanceOf(PhiException.class).hasMessageContaining("blk.0.ffn_up.weight has shape [64, 16], the config needs [128, 16]");
        assertThat(dir.resolve("config.json")).doesNotExist();
    }

    @Test
    void splitRowsOfABiasSharesMemory() {
        Tensor bias = Tensor.ofFloats("b", new long[] {6}, new float[] {0, 1, 2, 3, 4, 5});
        Tensor part = HfCheckpointWriter.splitRows(bias, "p", 2, 3);
        assertThat(part.shape()).containsExactly(3);
        assertThat(part.toFloatArray()).containsExactly(2, 3, 4);
        assertThat(part.data().address()).isEqualTo(bias.data().asSlice(8).address());
    }
}
