package io.phi4j.format.safetensors;

import io.phi4j.PhiException;
import io.phi4j.tensor.GgmlType;
import io.phi4j.tensor.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.lang.foreign.Arena;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static io.phi4j.format.safetensors.SafetensorsTestFiles.bytes;
import static io.phi4j.format.safetensors.SafetensorsTestFiles.ramp;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ShardedSafetensorsTest {
    @TempDir
    Path dir;

    /** Five tensors of 64, 32, 200, 32 and 64 bytes as F32. */
    private static List<Tensor> tensors() {
        return List.of(
                ramp("t0", GgmlType.F32, new long[] {4, 4}, 0, 1),
                ramp("t1", GgmlType.F32, new long[] {8}, 100, 1),
                ramp("big", GgmlType.F32, new long[] {50}, -25, 1),
                ramp("t3", GgmlType.F32, new long[] {2, 4}, 7, 0.5),
                ramp("t4", GgmlType.F32, new long[] {16}, 1, 2));
    }

    @Test
    void shardsGreedilyLikeHuggingFaceAndReadsBack() throws Exception {
        List<Path> written = SafetensorsWriter.writeSharded(dir, "model.safetensors", tensors(), null, 100,
                SafetensorsWriter.PT_METADATA);
        // huggingface_hub: t0+t1 = 96 fit; "big" (200 > 100) gets its own shard, added before the open one;
        // t3 would overflow 96 → new shard; t4 fits beside t3 (32 + 64).
        assertThat(written.stream().map(p -> p.getFileName().toString())).containsExactly(
                "model-00001-of-00003.safetensors", "model-00002-of-00003.safetensors",
                "model-00003-of-00003.safetensors", "model.safetensors.index.json");
        String index = Files.readString(dir.resolve("model.safetensors.index.json"));
        assertThat(index).isEqualTo("""
                {
                  "metadata": {
                    "total_parameters": 98,
                    "total_size": 392
                  },
                  "weight_map": {
                    "big": "model-00001-of-00003.safetensors",
                    "t0": "model-00002-of-00003.safetensors",
                    "t1": "model-00002-of-00003.safetensors",
                    "t3": "model-00003-of-00003.safetensors",
                    "t4": "model-00003-of-00003.safetensors"
                  }
                }
                """);
        try (Arena arena = Arena.ofConfined()) {
            SafetensorsSource source = SafetensorsSource.open(dir.resolve("model.safetensors.index.json"), arena);
            assertThat(source).isInstanceOf(ShardedSafetensors.class);
            assertThat(((ShardedSafetensors) source).shards()).hasSize(3);
            assertThat(((ShardedSafetensors) source).index().totalSize()).isEqualTo(392);
            assertThat(((ShardedSafetensors) source).index().totalParameters()).isEqualTo(98);
            for (Tensor t : tensors()) {
                assertThat(bytes(source.tensor(t.name()))).as(t.name()).isEqualTo(bytes(t));
                assertThat(source.tensor(t.name()).shape()).isEqualTo(t.shape());
            }
            assertThat(source.names()).containsExactlyInAnyOrder("t0", "t1", "big", "t3", "t4");
        }
    }

    @Test
    void singleShardIsAPlainFileAndStaleShardsAreRemoved() throws Exception {
        SafetensorsWriter.writeSharded(dir, "model.safetensors", tensors(), null, 100, null);
        Files.writeString(dir.resolve("unrelated.safetensors"), "keep me");
        List<Path> written = SafetensorsWriter.writeSharded(dir, "model.safetensors", tensors(), GgmlType.F16,
                1L << 30, null);
        assertThat(written).containsExactly(dir.resolve("model.safetensors"));
        try (var files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString()))
                    .containsExactlyInAnyOrder("model.safetensors", "unrelated.safetensors");
        }
    }

    @Test
    void indexMustPointAtExistingTensorsInExistingShards() throws Exception {
        SafetensorsWriter.writeSharded(dir, "model.safetensors", tensors(), null, 100, null);
        Path index = dir.resolve("model.safetensors.index.json");
        String good = Files.readString(index);

        Files.writeString(index, good.replace("\"t4\": \"model-00003", "\"t4\": \"model-00002"));
        try (Arena arena = Arena.ofConfined()) {
            assertThatThrownBy(() -> ShardedSafetensors.open(index, arena)).isInstanceOf(PhiException.class)
                    .hasMessage("model.safetensors.index.json: tensor t4 is mapped to shard "
                            + "model-00002-of-00003.safetensors, which does not contain it");
        }
        Files.writeString(index, good.replace("\"big\": \"model-00001-of-00003.safetensors\"",
                "\"big\": \"model-00009-of-00009.safetensors\""));
        try (Arena arena = Arena.ofConfined()) {
            assertThatThrownBy(() -> ShardedSafetensors.open(index, arena)).isInstanceOf(PhiException.class)
                    .hasMessageContaining("shard model-00009-of-00009.safetensors (holding tensor big) is missing");
        }
        Files.writeString(index, good.replace("\"big\": \"model-00001-of-00003.safetensors\"",
                "\"big\": \"../model-00001-of-00003.safetensors\""));
        try (Arena arena = Arena.ofConfined()) {
            assertThatThrownBy(() -> ShardedSafetensors.open(index, arena)).isInstanceOf(PhiException.class)
                    .hasMessageContaining("is not a file name in the same directory");
        }
        Files.writeString(index, "{\"metadata\": {}}");
        try (Arena arena = Arena.ofConfined()) {
            assertThatThrownBy(() -> ShardedSafetensors.open(index, arena)).isInstanceOf(PhiException.class)
                    .hasMessage("model.safetensors.index.json: missing \"weight_map\" object");
        }
    }

    @Test
    void indexJsonMatchesPythonFormatting() {
        Map<String, String> map = new java.util.LinkedHashMap<>();
        map.put("z", "b.safetensors");
        map.put("a\u00e9", "a.safetensors");
        assertThat(new SafetensorsIndex(map, 12, -1).toJson()).isEqualTo(
                "{\n  \"metadata\": {\n    \"total_size\": 12\n  },\n  \"weight_map\": {\n"
                        + "    \"a\\u00e9\": \"a.safetensors\",\n    \"z\": \"b.safetensors\"\n  }\n}\n");
        List<String> none = new ArrayList<>();
        assertThat(PythonJson.dumps(Map.of("l", none, "m", Map.of()))).isEqualTo("{\n  \"l\": [],\n  \"m\": {}\n}");
    }
}
