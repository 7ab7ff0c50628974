package io.phi4j.format.gguf;

import io.phi4j.PhiException;
import io.phi4j.tensor.GgmlType;
import io.phi4j.tensor.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.assertj.core.api.Assertions.fail;

/**
 * Seeded corruption of a valid GGUF header, 1,000 times: opening each result must succeed or throw PhiException.
 * Any other exception, an OutOfMemoryError (a count trusted before being checked) or a hang fails the test.
 */
class GgufMutationTest {
    // Overridable for longer local runs: -Dphi4j.mutation.seed=N -Dphi4j.mutation.cases=N
    private static final long SEED = Long.getLong("phi4j.mutation.seed", 0x6767_7566L);
    private static final int CASES = Integer.getInteger("phi4j.mutation.cases", 1000);

    @TempDir
    Path dir;

    private byte[] validFile() throws IOException {
        Map<String, GgufValue> meta = new LinkedHashMap<>();
        meta.put("general.architecture", GgufValue.string("phi2"));
        meta.put("phi2.embedding_length", GgufValue.uint32(64));
        meta.put("phi2.attention.layer_norm_epsilon", GgufValue.float32(1e-5f));
        meta.put("tokenizer.ggml.add_bos_token", GgufValue.bool(false));
        meta.put("tokenizer.ggml.tokens", GgufValue.stringArray(List.of("!", "\"", "Ġthe", "<|endoftext|>")));
        meta.put("tokenizer.ggml.token_type", GgufValue.int32Array(new int[] {1, 1, 1, 3}));
        meta.put("t.u64", GgufValue.uint64(123));
        meta.put("t.nested", GgufValue.array(GgufArray.ofArrays(List.of(
                GgufArray.ofIntegers(GgufValueType.UINT8, new long[] {1, 2}), GgufArray.ofStrings(List.of("x"))))));
        Path file = dir.resolve("valid.gguf");
        try (Arena arena = Arena.ofConfined()) {
            float[] v = new float[256];
            Arrays.fill(v, 0.25f);
            GgufWriter.write(file, meta, List.of(
                    Tensor.encode("a", GgmlType.F32, new long[] {2, 8}, Arrays.copyOf(v, 16), arena),
                    Tensor.encode("b", GgmlType.Q8_0, new long[] {1, 32}, Arrays.copyOf(v, 32), arena),
                    Tensor.encode("c", GgmlType.F16, new long[] {4}, Arrays.copyOf(v, 4), arena),
                    Tensor.encode("d", GgmlType.Q4_K, new long[] {256}, v, arena)));
        }
        return Files.readAllBytes(file);
    }

    @Test
    void corruptedHeadersOpenOrFailCleanly() throws IOException {
        byte[] valid = validFile();
        long dataOffset;
        try (Arena arena = Arena.ofConfined()) {
            dataOffset = GgufFile.open(dir.resolve("valid.gguf"), arena).dataOffset();
        }
        int headerEnd = (int) dataOffset;
        long[] interesting = {0, 1, 2, 3, 4, 5, 9, 12, 13, 31, 32, 33, 64, 255, 256, 0x7FFF_FFFFL, 0x8000_0000L,
                0xFFFF_FFFFL, 1L << 32, Long.MAX_VALUE, Long.MIN_VALUE, -1L, valid.length, valid.length - 1,
                valid.length + 1, dataOffset};
        Random rnd = new Random(SEED);
        Path file = dir.resolve("mutant.gguf");
        int[] outcomes = new int[2];

        assertTimeoutPreemptively(Duration.ofSeconds(120L * Math.max(1, CASES / 1000)), () -> {
            for (int c = 0; c < CASES; c++) {
                byte[] mutant = valid.clone();
                List<String> what = new ArrayList<>();
                int edits = 1 + rnd.nextInt(4);
                int truncateTo = -1;
                for (int e = 0; e < edits; e++) {
                    int kind = rnd.nextInt(100);
                    if (kind < 40) {
                        int pos = rnd.nextInt(headerEnd);
                        mutant[pos] = (byte) rnd.nextInt(256);
                        what.add("byte@" + pos + "=" + (mutant[pos] & 0xFF));
                    } else if (kind < 75) {
                        int width = rnd.nextBoolean() ? 8 : 4;
                        int pos = rnd.nextInt(headerEnd - width);
                        long value = interesting[rnd.nextInt(interesting.length)];
                        ByteBuffer bb = ByteBuffer.wrap(mutant).order(ByteOrder.LITTLE_ENDIAN);
                        if (width == 8) {
                            bb.putLong(pos, value);
                        } else {
                            bb.putInt(pos, (int) value);
                        }
                        what.add("u" + (8 * width) + "@" + pos + "=" + value);
                    } else if (kind < 90) {
                        int pos = rnd.nextInt(headerEnd);
                        int bit = rnd.nextInt(8);
                        mutant[pos] ^= (byte) (1 << bit);
                        what.add("bit" + bit + "@" + pos);
                    } else {
                        truncateTo = rnd.nextInt(mutant.length);
                    }
                }
                if (truncateTo >= 0) {
                    mutant = Arrays.copyOf(mutant, truncateTo); // last, so the edits above stay in range
                    what.add("truncate@" + truncateTo);
                }
                Files.write(file, mutant);
                try (Arena arena = Arena.ofConfined()) {
                    GgufFile g = GgufFile.open(file, arena);
                    for (Tensor t : g.tensors()) {
                        t.data().get(java.lang.foreign.ValueLayout.JAVA_BYTE, t.data().byteSize() - 1); // in bounds
                    }
                    outcomes[0]++;
                } catch (PhiException expected) {
                    assertThat(expected.getMessage()).startsWith("mutant.gguf: ").doesNotContain("\n");
                    outcomes[1]++;
                } catch (Throwable t) {
                    fail("case " + c + " " + what + ": " + t, t);
                }
            }
        });
        System.out.println("GGUF mutation run: " + outcomes[0] + " opened, " + outcomes[1] + " rejected");
        // Both outcomes must occur, or the mutations are not exercising the parser.
        assertThat(outcomes[0]).as("mutants that still open").isGreaterThan(20);
        assertThat(outcomes[1]).as("mutants rejected").isGreaterThan(500);
    }
}
