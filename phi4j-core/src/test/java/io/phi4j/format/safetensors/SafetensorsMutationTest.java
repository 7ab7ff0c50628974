package io.phi4j.format.safetensors;

import io.phi4j.PhiException;
import io.phi4j.tensor.GgmlType;
import io.phi4j.tensor.Tensor;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

import static io.phi4j.format.safetensors.SafetensorsTestFiles.ramp;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Corrupts the header of a small valid file in seeded random ways, 250 times per seed (1,000 in all), and
 * opens each result from disk: it must open (and then hand out its tensors) or throw PhiException; any other
 * exception, a hang or running out of memory fails the test.
 */
class SafetensorsMutationTest {
    private static final int MUTATIONS_PER_SEED = 250;

    @TempDir
    Path dir;

    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3, 4})
    @Timeout(120)
    void corruptedHeadersOpenOrFailCleanly(long seed) throws IOException {
        byte[] valid = validFile();
        Path file = dir.resolve("mutant.safetensors");
        Random random = new Random(seed);
        int opened = 0;
        int rejected = 0;
        List<String> kinds = new ArrayList<>();
        for (int i = 0; i < MUTATIONS_PER_SEED; i++) {
            int kind = random.nextInt(6);
            byte[] mutant = mutate(valid, kind, random);
            Files.write(file, mutant);
            try (Arena arena = Arena.ofConfined()) {
                SafetensorsFile st = SafetensorsFile.open(file, arena);
                for (String name : st.names()) {
                    if (st.entry(name).dtype().isSupported()) {
                        Tensor t = st.tensor(name);
                        assertThat(t.data().byteSize()).isEqualTo(st.entry(name).byteSize());
                    }
                }
                opened++;
            } catch (PhiException e) {
                assertThat(e.getMessage()).as("one-line message").doesNotContain("\n").startsWith("mutant.safetensors");
                rejected++;
            } catch (RuntimeException | Error e) {
                throw new AssertionError("mutation " + i + " (kind " + kind + ", seed " + seed + ") threw "
                        + e + " for header " + headerPreview(mutant), e);
            }
            kinds.add(Integer.toString(kind));
        }
        assertThat(opened + rejected).isEqualTo(MUTATIONS_PER_SEED);
        // Both outcomes occur: the mutations are neither all harmless nor all fatal.
        assertThat(rejected).isGreaterThan(MUTATIONS_PER_SEED / 4);
        assertThat(opened).isPositive();
        assertThat(kinds).contains("0", "1", "2", "3", "4", "5");
    }

    private static byte[] validFile() throws IOException {
        Path tmp = Files.createTempFile("valid", ".safetensors");
        try {
            SafetensorsWriter.write(tmp, List.of(
                    ramp("model.embed_tokens.weight", GgmlType.F32, new long[] {4, 3}, 0, 1),
                    ramp("model.layers.0.input_layernorm.bias", GgmlType.F16, new long[] {3}, 1, 1),
                    ramp("lm_head.weight", GgmlType.BF16, new long[] {2, 3}, -1, 0.5)));
            return Files.readAllBytes(tmp);
        } finally {
            Files.delete(tmp);
        }
    }

    private static int headerLength(byte[] file) {
        return (int) ByteBuffer.wrap(file, 0, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
    }

    private static byte[] mutate(byte[] valid, int kind, Random random) {
        byte[] out = valid.clone();
        int headerLength = headerLength(valid);
        switch (kind) {
            case 0 -> { // random bytes inside the JSON
                int n = 1 + random.nextInt(4);
                for (int k = 0; k < n; k++) {
                    out[8 + random.nextInt(headerLength)] = (byte) random.nextInt(256);
                }
            }
            case 1 -> { // random header length: any long, a near miss, or a plausible size
                long length = switch (random.nextInt(3)) {
                    case 0 -> random.nextLong();
                    case 1 -> headerLength + random.nextInt(33) - 16;
                    default -> random.nextInt(out.length * 2);
                };
                ByteBuffer.wrap(out, 0, 8).order(ByteOrder.LITTLE_ENDIAN).putLong(length);
            }
            case 2 -> { // change one digit of a number (offsets or shape)
                List<Integer> digits = positionsOfDigits(out, headerLength);
                out[digits.get(random.nextInt(digits.size()))] = (byte) ('0' + random.nextInt(10));
            }
            case 3 -> { // replace a number with a long run of digits, a minus sign or a fraction
                List<Integer> digits = positionsOfDigits(out, headerLength);
                int at = digits.get(random.nextInt(digits.size()));
                String replacement = switch (random.nextInt(4)) {
                    case 0 -> "9".repeat(1 + random.nextInt(40));
                    case 1 -> "-" + random.nextInt(100);
                    case 2 -> random.nextInt(10) + ".5";
                    default -> "1e" + random.nextInt(400);
                };
                out = splice(valid, at, 1, replacement.getBytes());
            }
            case 4 -> { // truncate the file anywhere
                out = Arrays.copyOf(valid, random.nextInt(valid.length));
            }
            default -> { // delete or duplicate a slice of the JSON, fixing up the length so it is parsed
                int from = 8 + random.nextInt(headerLength);
                int len = 1 + random.nextInt(Math.min(12, 8 + headerLength - from));
                byte[] insert = random.nextBoolean() ? new byte[0] : Arrays.copyOfRange(valid, from, from + len);
                out = splice(valid, from, random.nextBoolean() ? len : 0, insert);
            }
        }
        return out;
    }

    /** Replaces {@code removeCount} header bytes at {@code at} with {@code insert}, adjusting the header length. */
    private static byte[] splice(byte[] file, int at, int removeCount, byte[] insert) {
        byte[] out = new byte[file.length - removeCount + insert.length];
        System.arraycopy(file, 0, out, 0, at);
        System.arraycopy(insert, 0, out, at, insert.length);
        System.arraycopy(file, at + removeCount, out, at + insert.length, file.length - at - removeCount);
        long newLength = headerLength(file) - removeCount + insert.length;
        ByteBuffer.wrap(out, 0, 8).order(ByteOrder.LITTLE_ENDIAN).putLong(newLength);
        return out;
    }

    private static List<Integer> positionsOfDigits(byte[] file, int headerLength) {
        List<Integer> positions = new ArrayList<>();
        for (int i = 8; i < 8 + headerLength; i++) {
            if (file[i] >= '0' && file[i] <= '9') {
                positions.add(i);
            }
        }
        return positions;
    }

    private static String headerPreview(byte[] file) {
        int n = Math.min(file.length, 400);
        return new String(file, 0, n, java.nio.charset.StandardCharsets.ISO_8859_1).replaceAll("[^ -~]", "?");
    }
}
