package io.phi4j.format.gguf;

import io.phi4j.PhiException;
import io.phi4j.tensor.GgmlType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.function.Consumer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Hand-made broken GGUF files: each must fail with a one-line PhiException naming the file and the problem. */
class GgufValidationTest {
    @TempDir
    Path dir;

    /** A header with the given counts followed by whatever {@code body} writes. */
    private static byte[] gguf(int version, long tensors, long kvs, Consumer<GgufHeaderBytes> body) {
        GgufHeaderBytes b = new GgufHeaderBytes();
        b.u32(GgufParser.MAGIC);
        b.u32(version);
        b.u64(tensors);
        b.u64(kvs);
        body.accept(b);
        return b.bytes();
    }

    /** One tensor info: name, dims as GGUF stores them (innermost first), type id, offset. */
    private static void tensorInfo(GgufHeaderBytes b, String name, long[] ggufDims, int type, long offset) {
        b.string(name);
        b.u32(ggufDims.length);
        for (long d : ggufDims) {
            b.u64(d);
        }
        b.u32(type);
        b.u64(offset);
    }

    /** A file with one F32 tensor of {@code n} floats whose data follows the (padded) header. */
    private static byte[] withData(int nTensors, Consumer<GgufHeaderBytes> infos, int dataBytes) {
        byte[] head = gguf(3, nTensors, 0, b -> {
            infos.accept(b);
            b.padTo(32);
        });
        return Arrays.copyOf(head, head.length + dataBytes);
    }

    private PhiException open(byte[] bytes) {
        Path file = dir.resolve("bad.gguf");
        try {
            Files.write(file, bytes);
        } catch (IOException e) {
            throw new RuntimeException(e);
        }
        try (Arena arena = Arena.ofConfined()) {
            GgufFile.open(file, arena);
        } catch (PhiException e) {
            assertThat(e.getMessage()).startsWith("bad.gguf: ").doesNotContain("\n");
            return e;
        }
        throw new AssertionError("bad.gguf was accepted");
    }

    @Test
    void aMinimalValidFileOpens() throws IOException {
        byte[] ok = withData(1, b -> tensorInfo(b, "w", new long[] {2, 3}, 0, 0), 24);
        Path file = dir.resolve("ok.gguf");
        Files.write(file, ok);
        try (Arena arena = Arena.ofConfined()) {
            GgufFile g = GgufFile.open(file, arena);
            assertThat(g.tensor("w").shape()).containsExactly(3, 2);
            assertThat(g.version()).isEqualTo(3);
        }
    }

    @Test
    void rejectsWhatIsNotGguf() {
        assertThat(open(new byte[0]).getMessage()).contains("only 0 bytes long");
        assertThat(open("GGML0000000000000000000000".getBytes()).getMessage())
                .contains("not a GGUF file: it starts with bytes 47 47 4d 4c, not 'GGUF'");
        assertThatThrownBy(() -> GgufFile.open(dir.resolve("missing.gguf"), Arena.global()))
                .isInstanceOf(PhiException.class).hasMessageContaining("missing.gguf: no such file");
    }

    @Test
    void rejectsUnsupportedVersions() {
        assertThat(open(gguf(1, 0, 0, b -> { })).getMessage()).contains("GGUF version 1 is not supported");
        assertThat(open(gguf(4, 0, 0, b -> { })).getMessage()).contains("unsupported GGUF version 4");
        assertThat(open(gguf(0x03000000, 0, 0, b -> { })).getMessage()).contains("big-endian GGUF files are not supported");
    }

    @Test
    void acceptsVersion2() throws IOException {
        Path file = dir.resolve("v2.gguf");
        Files.write(file, gguf(2, 0, 1, b -> {
            b.string("k");
            b.u32(GgufValueType.UINT32.id());
            b.u32(7);
        }));
        try (Arena arena = Arena.ofConfined()) {
            GgufFile g = GgufFile.open(file, arena);
            assertThat(g.version()).isEqualTo(2);
            assertThat(g.getInt("k")).isEqualTo(7);
        }
    }

    @Test
    void rejectsTruncationAnywhereInTheHeader() {
        byte[] full = gguf(3, 1, 1, b -> {
            b.string("general.name");
            b.u32(GgufValueType.STRING.id());
            b.string("tiny");
            tensorInfo(b, "w", new long[] {4}, 0, 0);
            b.padTo(32);
        });
        full = Arrays.copyOf(full, full.length + 16);
        for (int cut = 0; cut < full.length; cut++) {
            PhiException e = open(Arrays.copyOf(full, cut));
            assertThat(e.getMessage()).as("cut at %d", cut).containsAnyOf("truncated", "only", "impossible", "past the end");
        }
    }

    @Test
    void rejectsAbsurdCounts() {
        assertThat(open(gguf(3, 0, 1L << 40, b -> { })).getMessage())
                .contains("metadata key/value count 1099511627776 is impossible");
        assertThat(open(gguf(3, -1L, 0, b -> { })).getMessage())
                .contains("tensor count 18446744073709551615 is impossible");
    }

    @Test
    void rejectsLengthsBeyondTheFile() {
        assertThat(open(gguf(3, 0, 1, b -> {
            b.u64(1000);
            b.u64(0);
            b.u64(0);
        })).getMessage()).contains("truncated: metadata key #0 at offset 32 needs 1000 bytes, but the file has only 16 left");
        assertThat(open(gguf(3, 0, 1, b -> {
            b.string("k");
            b.u32(GgufValueType.ARRAY.id());
            b.u32(GgufValueType.UINT64.id());
            b.u64(1_000_000);
        })).getMessage()).contains("metadata key 'k': array of 1000000 UINT64 elements cannot fit");
        assertThat(open(gguf(3, 0, 1, b -> {
            b.string("k");
            b.u32(GgufValueType.ARRAY.id());
            b.u32(GgufValueType.STRING.id());
            b.u64(-1L);
        })).getMessage()).contains("array of 18446744073709551615 STRING elements cannot fit");
    }

    @Test
    void rejectsUnknownValueTypes() {
        assertThat(open(gguf(3, 0, 1, b -> {
            b.string("k");
            b.u32(13);
            b.u64(0);
        })).getMessage()).contains("metadata key 'k' has unknown value type id 13");
        assertThat(open(gguf(3, 0, 1, b -> {
            b.string("k");
            b.u32(GgufValueType.ARRAY.id());
            b.u32(99);
            b.u64(0);
        })).getMessage()).contains("metadata key 'k' is an array of unknown value type id 99");
    }

    @Test
    void rejectsDeeplyNestedArrays() {
        assertThat(open(gguf(3, 0, 1, b -> {
            b.string("k");
            b.u32(GgufValueType.ARRAY.id());
            for (int i = 0; i < 20; i++) {
                b.u32(GgufValueType.ARRAY.id());
                b.u64(1);
            }
            b.u32(GgufValueType.UINT8.id());
            b.u64(0);
        })).getMessage()).contains("nested more than 8 deep");
    }

    @Test
    void rejectsDuplicateKeysAndBadAlignment() {
        assertThat(open(gguf(3, 0, 2, b -> {
            for (int i = 0; i < 2; i++) {
                b.string("k");
                b.u32(GgufValueType.UINT8.id());
                b.u8(i);
            }
        })).getMessage()).contains("metadata key 'k' appears twice");
        assertThat(open(gguf(3, 0, 1, b -> {
            b.string("general.alignment");
            b.u32(GgufValueType.UINT32.id());
            b.u32(48);
        })).getMessage()).contains("general.alignment UINT32 48 is not a power of two");
        assertThat(open(gguf(3, 0, 1, b -> {
            b.string("general.alignment");
            b.u32(GgufValueType.STRING.id());
            b.string("32");
        })).getMessage()).contains("general.alignment is STRING, expected an integer");
    }

    @Test
    void rejectsBadTensorShapes() {
        assertThat(open(withData(1, b -> tensorInfo(b, "w", new long[] {1, 1, 1, 1, 1}, 0, 0), 4)).getMessage())
                .contains("tensor 'w' has 5 dimensions (at most 4)");
        assertThat(open(withData(1, b -> tensorInfo(b, "w", new long[] {4, 0}, 0, 0), 16)).getMessage())
                .contains("tensor 'w' has dimension 0 (must be positive)");
        assertThat(open(withData(1, b -> tensorInfo(b, "w", new long[] {-2L}, 0, 0), 16)).getMessage())
                .contains("tensor 'w' has dimension 18446744073709551614 (must be positive)");
        assertThat(open(withData(1, b -> tensorInfo(b, "w", new long[] {1L << 32, 1L << 32, 1L << 32}, 0, 0), 16))
                .getMessage()).contains("tensor 'w' has too many elements");
        assertThat(open(withData(1, b -> tensorInfo(b, "w", new long[] {1L << 40, 1L << 20}, 0, 0), 16))
                .getMessage()).contains("tensor 'w' is too large");
        assertThat(open(withData(1, b -> tensorInfo(b, "w", new long[] {16, 2}, GgmlType.Q8_0.id(), 0), 64))
                .getMessage()).contains("tensor 'w': row length 16 is not a multiple of Q8_0's block size 32");
    }

    @Test
    void rejectsUnknownTensorTypes() {
        assertThat(open(withData(1, b -> tensorInfo(b, "w", new long[] {4}, 99, 0), 16)).getMessage())
                .contains("tensor 'w' has unknown or unsupported ggml type id 99");
        assertThat(open(withData(1, b -> tensorInfo(b, "w", new long[] {4}, -1, 0), 16)).getMessage())
                .contains("ggml type id 4294967295");
    }

    @Test
    void rejectsBadTensorPlacement() {
        assertThat(open(withData(1, b -> tensorInfo(b, "w", new long[] {4}, 0, 8), 64)).getMessage())
                .contains("tensor 'w': data offset 8 is not a multiple of the alignment 32");
        assertThat(open(withData(1, b -> tensorInfo(b, "w", new long[] {4}, 0, 64), 64)).getMessage())
                .contains("tensor 'w': data at offset 64 (+16 bytes)").contains("runs past the end of the file");
        assertThat(open(withData(1, b -> tensorInfo(b, "w", new long[] {4}, 0, 1L << 62), 64)).getMessage())
                .contains("runs past the end of the file");
        assertThat(open(withData(1, b -> tensorInfo(b, "w", new long[] {16}, 0, 0), 32)).getMessage())
                .contains("tensor 'w': data at offset 0 (+64 bytes)");
        assertThat(open(withData(2, b -> {
            tensorInfo(b, "a", new long[] {16}, 0, 32);
            tensorInfo(b, "b", new long[] {16}, 0, 64);
        }, 256)).getMessage()).contains("tensors 'a' and 'b' overlap (offsets 32+64 and 64)");
        assertThat(open(withData(2, b -> {
            tensorInfo(b, "a", new long[] {4}, 0, 0);
            tensorInfo(b, "a", new long[] {4}, 0, 32);
        }, 64)).getMessage()).contains("tensor name 'a' appears twice");
    }

    @Test
    void wrongMetadataTypesAreReportedByTheGetters() throws IOException {
        Path file = dir.resolve("meta.gguf");
        GgufWriter.write(file, GgufRoundTripTest.everyValueType(), java.util.List.of());
        try (Arena arena = Arena.ofConfined()) {
            GgufFile g = GgufFile.open(file, arena);
            assertThatThrownBy(() -> g.getString("t.u32")).isInstanceOf(PhiException.class)
                    .hasMessage("meta.gguf: metadata key 't.u32' is UINT32, expected a string");
            assertThatThrownBy(() -> g.getInt("t.u32")).isInstanceOf(PhiException.class)
                    .hasMessage("meta.gguf: metadata key 't.u32' = 4294967295 does not fit a 32-bit int");
            assertThat(g.getLong("t.u32")).isEqualTo(4_294_967_295L);
            assertThatThrownBy(() -> g.getLong("t.u64")).isInstanceOf(PhiException.class)
                    .hasMessage("meta.gguf: metadata key 't.u64' = 18446744073709551615 is too large");
            assertThat(g.getInt("t.u8")).isEqualTo(255);
            assertThat(g.getInt("t.i16")).isEqualTo(-32768);
            assertThat(g.getFloat("t.f64")).isEqualTo((float) -1e-300);
            assertThat(g.getFloat("t.i8")).isEqualTo(-128f);
            assertThat(g.getBoolean("t.bool")).isTrue();
            assertThatThrownBy(() -> g.getBoolean("t.u8")).isInstanceOf(PhiException.class)
                    .hasMessageContaining("is UINT8, expected a bool");
            assertThatThrownBy(() -> g.getStringArray("a.i32")).isInstanceOf(PhiException.class)
                    .hasMessage("meta.gguf: metadata key 'a.i32' is an array of INT32, expected an array of STRING");
            assertThatThrownBy(() -> g.getIntArray("a.u32")).isInstanceOf(PhiException.class)
                    .hasMessageContaining("element 0 = 4294967295 does not fit");
            assertThat(g.getIntArray("a.u16")).containsExactly(65535);
            assertThatThrownBy(() -> g.getString("nope")).isInstanceOf(PhiException.class)
                    .hasMessage("meta.gguf: metadata key 'nope' is missing");
            assertThat(g.optionalString("nope")).isEmpty();
            assertThat(g.optionalInt("nope")).isEmpty();
            assertThat(g.optionalInt("t.u16")).hasValue(65535);
            assertThat(g.optionalFloat("t.f32")).isPresent();
            assertThat(g.optionalBoolean("t.bool")).contains(true);
            assertThat(g.optionalStringArray("a.str").orElseThrow()).containsExactly("a", "", "Ġ t", "\u00e9");
            assertThatThrownBy(() -> g.optionalString("t.bool")).isInstanceOf(PhiException.class);
            assertThatThrownBy(() -> g.tensor("x")).isInstanceOf(PhiException.class)
                    .hasMessage("meta.gguf: no tensor named 'x'");
            assertThat(g.findTensor("x")).isEmpty();
        }
    }
}
