package io.phi4j.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.phi4j.format.hf.HfLayout;
import io.phi4j.format.hf.HfPhiConfig;
import io.phi4j.format.hf.HfTensorNames;
import io.phi4j.format.hf.PhiTensorShapes;
import io.phi4j.model.PhiConfig;
import io.phi4j.tensor.GgmlType;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A full-size Phi-2 in F16 (5.5 GB, written as a sparse file so it costs no disk) opens in a JVM limited to
 * 200 MB of heap: weights are memory-mapped, never copied onto the heap.
 */
class LargeCheckpointHeapTest {
    /** Writes a Hugging Face directory with a sparse all-zero F16 model.safetensors of the given shape. */
    static Path sparsePhi2(Path dir, PhiConfig config) throws IOException {
        Map<String, long[]> shapes = PhiTensorShapes.expected(config, false);
        HfTensorNames names = HfTensorNames.forLayout(HfLayout.PHI, config.numLayers());
        Map<String, Object> header = new LinkedHashMap<>();
        header.put("__metadata__", Map.of("format", "pt"));
        long offset = 0;
        for (Map.Entry<String, long[]> e : shapes.entrySet()) {
            long n = 1;
            for (long d : e.getValue()) {
                n *= d;
            }
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("dtype", "F16");
            entry.put("shape", e.getValue());
            entry.put("data_offsets", new long[] {offset, offset + 2 * n});
            header.put(names.toHf(e.getKey()), entry);
            offset += 2 * n;
        }
        byte[] json = new ObjectMapper().writeValueAsBytes(header);
        int padded = (json.length + 7) / 8 * 8;
        Path file = dir.resolve("model.safetensors");
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
            ByteBuffer len = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(padded);
            raf.write(len.array());
            raf.write(json);
            raf.write(" ".repeat(padded - json.length).getBytes(StandardCharsets.US_ASCII));
            raf.setLength(8 + padded + offset);
        }
        Files.writeString(dir.resolve("config.json"), HfPhiConfig.toJson(config, GgmlType.F16));
        for (String f : new String[] {"vocab.json", "merges.txt", "added_tokens.json", "special_tokens_map.json", "tokenizer_config.json"}) {
            Files.write(dir.resolve(f), TestModels.bytes("io/phi4j/tokenizer/phi-2/" + f));
        }
        return dir;
    }

    static Process runPhi(Path dir, String heap, String... args) throws IOException {
        String java = ProcessHandle.current().info().command().orElse("java");
        List<String> cmd = new ArrayList<>(List.of(java, "-Xmx" + heap, "--add-modules", "jdk.incubator.vector",
                "--enable-native-access=ALL-UNNAMED", "-cp", System.getProperty("java.class.path"), "io.phi4j.cli.Main"));
        cmd.addAll(List.of(args));
        return new ProcessBuilder(cmd).redirectErrorStream(true).start();
    }

    @Test
    void opensAFullSizePhi2F16CheckpointWithUnder200MbOfHeap(@TempDir Path dir) throws Exception {
        PhiConfig phi2 = PhiConfig.phi2();
        sparsePhi2(dir, phi2);
        assertThat(Files.size(dir.resolve("model.safetensors"))).isGreaterThan(5_500_000_000L);
        Process p = runPhi(dir, "200m", "info", "--json", "-m", dir.toString());
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.exitValue()).as(out).isZero();
        assertThat(out).contains("\"parameters\" : 2779683840");
    }

    @Test
    @Tag("slow")
    void scoresWithAFullSizeF16CheckpointWithUnder200MbOfHeap(@TempDir Path dir) throws Exception {
        sparsePhi2(dir, PhiConfig.phi2());
        Process p = runPhi(dir, "200m", "score", "--json", "-m", dir.toString(), "--text", "Hello world");
        assertThat(p.waitFor(600, TimeUnit.SECONDS)).isTrue();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.exitValue()).as(out).isZero();
        // All weights are zero: every token is equally likely.
        assertThat(out).contains("\"logprob\":" + (-Math.log(51200)));
    }
}
