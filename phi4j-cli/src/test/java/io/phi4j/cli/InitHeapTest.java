package io.phi4j.cli;

import io.phi4j.format.gguf.GgufFile;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.lang.foreign.Arena;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * `phi init` streams weights to disk: the heap it needs does not grow with the model. A model of 150 M parameters
 * (bigger than the heap allowed, in every output format) is written in a JVM limited to 96 MB; in the slow suite,
 * a full-size Phi-2 (2.78 B parameters, 5.6 GB in F16) in 256 MB.
 */
class InitHeapTest {
    private static String run(Path dir, String heap, String... args) throws Exception {
        Process p = LargeCheckpointHeapTest.runPhi(dir, heap, args);
        assertThat(p.waitFor(1200, TimeUnit.SECONDS)).isTrue();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.exitValue()).as(out).isZero();
        return out;
    }

    @ParameterizedTest
    @CsvSource({"q8_0, init.gguf", "f16, init.gguf", "f32, init-hf"})
    void writesAModelLargerThanTheHeap(String dtype, String out, @TempDir Path dir) throws Exception {
        Path config = dir.resolve("config.json");
        Files.writeString(config, """
                {"model_type": "phi", "hidden_size": 1024, "intermediate_size": 4096, "num_hidden_layers": 4,
                 "num_attention_heads": 16, "partial_rotary_factor": 0.5, "vocab_size": 51200,
                 "max_position_embeddings": 2048, "bos_token_id": 50256, "eos_token_id": 50256}""");
        Path target = dir.resolve(out);
        String printed = run(dir, "96m", "init", "--config", config.toString(), "--dtype", dtype, "--out", target.toString());
        assertThat(printed).contains("155,"); // 155,xxx,xxx parameters
        Path weights = out.endsWith(".gguf") ? target : target.resolve("model.safetensors");
        long bytesPerParam = switch (dtype) {
            case "f32" -> 4;
            case "f16" -> 2;
            default -> 1;
        };
        assertThat(Files.size(weights)).isGreaterThan(150_000_000L * bytesPerParam);
    }

    @Test
    @Tag("slow")
    void writesAFullSizePhi2InF16AndQ8_0With256MbOfHeap(@TempDir Path dir) throws Exception {
        for (String dtype : new String[] {"q8_0", "f16"}) {
            Path out = dir.resolve("phi-2-init." + dtype + ".gguf");
            run(dir, "256m", "init", "--arch", "phi-2", "--dtype", dtype, "--out", out.toString(), "-q");
            try (Arena arena = Arena.ofConfined()) {
                GgufFile g = GgufFile.open(out, arena);
                assertThat(g.tensors()).hasSize(453);
                assertThat(g.getInt("phi2.block_count")).isEqualTo(32);
            }
            Files.delete(out);
        }
    }
}
