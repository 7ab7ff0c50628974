package io.phi4j.format.safetensors;

import io.phi4j.PhiException;
import io.phi4j.tensor.GgmlType;
import io.phi4j.tensor.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static io.phi4j.format.safetensors.SafetensorsTestFiles.bytes;
import static io.phi4j.format.safetensors.SafetensorsTestFiles.floats;
import static io.phi4j.format.safetensors.SafetensorsTestFiles.ramp;
import static io.phi4j.format.safetensors.SafetensorsTestFiles.raw;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SafetensorsFileTest {
    @TempDir
    Path dir;

    @Test
    void roundTripKeepsNamesShapesTypesAndBytes() throws Exception {
        List<Tensor> tensors = List.of(
                Tensor.ofFloats("emb", new long[] {5, 3}, new float[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15}),
                ramp("half", GgmlType.F16, new long[] {4}, -1.5, 0.5),
                ramp("brain", GgmlType.BF16, new long[] {2, 2}, 3.0, -2.0),
                ramp("scalar", GgmlType.F32, new long[] {}, 0.125, 0));
        Path file = dir.resolve("model.safetensors");
        SafetensorsWriter.write(file, tensors);
        try (Arena arena = Arena.ofConfined()) {
            SafetensorsFile st = SafetensorsFile.open(file, arena);
            assertThat(st.metadata()).containsExactly(Map.entry("format", "pt"));
            assertThat(st.names()).containsExactly("emb", "scalar", "brain", "half");
            for (Tensor t : tensors) {
                Tensor back = st.tensor(t.name());
                assertThat(back.type()).isEqualTo(t.type());
                assertThat(back.shape()).isEqualTo(t.shape());
                assertThat(bytes(back)).isEqualTo(bytes(t));
            }
            assertThat(floats(st.tensor("brain"))).containsExactly(3f, 1f, -1f, -3f);
            assertThat(st.entry("emb").begin()).isZero();
            assertThat(st.entry("emb").end()).isEqualTo(60);
        }
        long headerLength = ByteBuffer.wrap(Files.readAllBytes(file), 0, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
        assertThat(headerLength % 8).isZero();
        assertThat(Files.list(dir)).containsExactly(file);
    }

    @Test
    void writerConvertsToTheRequestedType() throws Exception {
        Tensor t = Tensor.ofFloats("w", new long[] {2, 3}, new float[] {0.1f, -2.5f, 1e-3f, 70000f, 1f / 3, 0});
        Path file = dir.resolve("f16.safetensors");
        SafetensorsWriter.write(file, List.of(t), GgmlType.F16, null);
        try (Arena arena = Arena.ofConfined()) {
            SafetensorsFile st = SafetensorsFile.open(file, arena);
            assertThat(st.metadata()).isEmpty();
            Tensor back = st.tensor("w");
            assertThat(back.type()).isEqualTo(GgmlType.F16);
            assertThat(floats(back)).containsExactly(Float.float16ToFloat(Float.floatToFloat16(0.1f)), -2.5f,
                    Float.float16ToFloat(Float.floatToFloat16(1e-3f)), Float.POSITIVE_INFINITY,
                    Float.float16ToFloat(Float.floatToFloat16(1f / 3)), 0f);
        }
    }

    @Test
    void rewritingReplacesTheFileAtomically() throws Exception {
        Path file = dir.resolve("m.safetensors");
        SafetensorsWriter.write(file, List.of(Tensor.ofFloats("a", new long[] {1}, new float[] {1})));
        SafetensorsWriter.write(file, List.of(Tensor.ofFloats("b", new long[] {2}, new float[] {2, 3})));
        try (Arena arena = Arena.ofConfined()) {
            assertThat(SafetensorsFile.open(file, arena).names()).containsExactly("b");
        }
        assertThat(Files.exists(dir.resolve("m.safetensors.tmp"))).isFalse();
    }

    @Test
    void writerRejectsQuantizedTensors() {
        Tensor q = new Tensor("q", GgmlType.Q8_0, new long[] {32}, MemorySegment.ofArray(new byte[34]));
        assertThatThrownBy(() -> SafetensorsWriter.write(dir.resolve("q.safetensors"), List.of(q)))
                .isInstanceOf(PhiException.class).hasMessageContaining("q").hasMessageContaining("Q8_0");
        assertThat(Files.exists(dir.resolve("q.safetensors"))).isFalse();
    }

    @Test
    void unsupportedDtypeIsReportedOnlyWhenTheTensorIsUsed() {
        String json = "{\"ids\":{\"dtype\":\"I64\",\"shape\":[2],\"data_offsets\":[0,16]},"
                + "\"w\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[16,24]}}";
        SafetensorsFile st = SafetensorsFile.of("mixed.safetensors", MemorySegment.ofArray(raw(json, 24)));
        assertThat(st.entry("ids").dtype()).isEqualTo(SafetensorsDtype.I64);
        assertThat(st.entry("ids").shape()).containsExactly(2);
        assertThat(st.tensor("w").elementCount()).isEqualTo(2);
        assertThatThrownBy(() -> st.tensor("ids")).isInstanceOf(PhiException.class)
                .hasMessage("mixed.safetensors: tensor ids has dtype I64, which phi4j cannot use (supported: F32, F16, BF16)");
        assertThatThrownBy(st::tensors).isInstanceOf(PhiException.class).hasMessageContaining("ids");
        assertThatThrownBy(() -> st.tensor("nope")).isInstanceOf(PhiException.class)
                .hasMessage("mixed.safetensors: no tensor named nope");
    }

    @Test
    void readsTensorsInAnyHeaderOrder() {
        String json = "{\"b\":{\"dtype\":\"F16\",\"shape\":[2],\"data_offsets\":[4,8]},"
                + "\"__metadata__\":{\"x\":\"y\"},\"a\":{\"data_offsets\":[0,4],\"shape\":[1],\"dtype\":\"F32\"}}";
        SafetensorsFile st = SafetensorsFile.of("t", MemorySegment.ofArray(raw(json, 8)));
        assertThat(st.names()).containsExactly("a", "b");
        assertThat(st.metadata()).containsExactly(Map.entry("x", "y"));
        assertThat(bytes(st.tensor("b"))).containsExactly(4, 5, 6, 7);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "overlap|{'a':{'dtype':'F32','shape':[2],'data_offsets':[0,8]},'b':{'dtype':'F32','shape':[1],'data_offsets':[4,8]}}|8|tensor b: data offsets [4, 8] overlap tensor a (which ends at 8)",
            "gap|{'a':{'dtype':'F32','shape':[1],'data_offsets':[4,8]}}|8|tensor a: data offsets [4, 8] leave a gap of 4 bytes",
            "past end|{'a':{'dtype':'F32','shape':[4],'data_offsets':[0,16]}}|8|tensor a: data offsets [0, 16] are past the end of the data section (size 8)",
            "size mismatch|{'a':{'dtype':'F32','shape':[3],'data_offsets':[0,8]}}|8|tensor a: shape [3] of F32 needs 12 bytes, but data offsets [0, 8] hold 8",
            "end before begin|{'a':{'dtype':'F32','shape':[0],'data_offsets':[8,0]}}|8|tensor a: data offsets [8, 0] end before they begin",
            "unknown dtype|{'a':{'dtype':'F128','shape':[1],'data_offsets':[0,16]}}|16|tensor a: unknown dtype 'F128'",
            "negative dim|{'a':{'dtype':'F32','shape':[-1],'data_offsets':[0,4]}}|4|tensor a: \"shape\" element -1 is not a non-negative integer",
            "fractional dim|{'a':{'dtype':'F32','shape':[1.5],'data_offsets':[0,4]}}|4|tensor a: \"shape\" element 1.5 is not a non-negative integer",
            "overflow|{'a':{'dtype':'F32','shape':[4294967296,4294967296],'data_offsets':[0,4]}}|4|tensor a: shape [4294967296, 4294967296] is too large",
            "huge dim|{'a':{'dtype':'F32','shape':[99999999999999999999],'data_offsets':[0,4]}}|4|\"shape\" element 99999999999999999999 is not a non-negative integer",
            "three offsets|{'a':{'dtype':'F32','shape':[1],'data_offsets':[0,4,8]}}|4|tensor a: \"data_offsets\" must have 2 numbers, has 3",
            "no shape|{'a':{'dtype':'F32','data_offsets':[0,4]}}|4|tensor a: missing or non-array \"shape\"",
            "entry not object|{'a':[1,2]}|0|tensor a: entry is not a JSON object",
            "trailing data|{'a':{'dtype':'F32','shape':[1],'data_offsets':[0,4]}}|6|the data section has 6 bytes but the tensors cover 4",
            "array header|[1,2]|0|header is not a JSON object",
            "bad metadata|{'__metadata__':{'k':1}}|0|__metadata__ value 'k' is not a string",
            "duplicate|{'a':{'dtype':'F32','shape':[1],'data_offsets':[0,4]},'a':{'dtype':'F32','shape':[1],'data_offsets':[0,4]}}|4|header is not valid JSON: Duplicate field 'a'",
            "not json|{'a':|0|header is not valid JSON",
            "two values|{} {}|0|header is not valid JSON",
    })
    void rejectsInvalidHeaders(String caseName, String json, int dataBytes, String expectedMessage) {
        byte[] file = raw(json.replace('\'', '"'), dataBytes);
        assertThatThrownBy(() -> SafetensorsFile.of("bad.safetensors", MemorySegment.ofArray(file)))
                .as(caseName)
                .isInstanceOf(PhiException.class)
                .hasMessageStartingWith("bad.safetensors: ")
                .hasMessageContaining(expectedMessage)
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
    }

    @Test
    void rejectsBadHeaderLengthsAndTinyFiles() {
        ByteBuffer huge = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN).putLong(0, 100_000_001L);
        assertThatThrownBy(() -> SafetensorsFile.of("h", MemorySegment.ofArray(huge.array())))
                .isInstanceOf(PhiException.class).hasMessageContaining("header length 100000001 is larger than the 100 MB limit");
        ByteBuffer negative = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN).putLong(0, -1);
        assertThatThrownBy(() -> SafetensorsFile.of("h", MemorySegment.ofArray(negative.array())))
                .isInstanceOf(PhiException.class).hasMessageContaining("header length 18446744073709551615");
        ByteBuffer pastEnd = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN).putLong(0, 9);
        assertThatThrownBy(() -> SafetensorsFile.of("h", MemorySegment.ofArray(pastEnd.array())))
                .isInstanceOf(PhiException.class).hasMessage("h: header length 9 is past the end of the file (size 16)");
        assertThatThrownBy(() -> SafetensorsFile.of("h", MemorySegment.ofArray(new byte[5])))
                .isInstanceOf(PhiException.class).hasMessageContaining("shorter than the 8-byte header length");
        byte[] badUtf8 = raw("{\"\u00e9\":1}", 0);
        badUtf8[10] = (byte) 0xFF;
        assertThatThrownBy(() -> SafetensorsFile.of("h", MemorySegment.ofArray(badUtf8)))
                .isInstanceOf(PhiException.class).hasMessage("h: header is not valid UTF-8");
    }

    @Test
    void missingFileIsAPhiException() {
        try (Arena arena = Arena.ofConfined()) {
            assertThatThrownBy(() -> SafetensorsFile.open(dir.resolve("absent.safetensors"), arena))
                    .isInstanceOf(PhiException.class).hasMessageContaining("absent.safetensors: file not found");
            Path empty = Files.createFile(dir.resolve("empty.safetensors"));
            assertThatThrownBy(() -> SafetensorsFile.open(empty, arena))
                    .isInstanceOf(PhiException.class).hasMessage("empty.safetensors: not a safetensors file (0 bytes, shorter than the 8-byte header length)");
            assertThatThrownBy(() -> SafetensorsFile.open(dir, arena)).isInstanceOf(PhiException.class);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    void emptyFileWithNoTensorsIsValid() {
        byte[] file = raw("{}      ", 0);
        SafetensorsFile st = SafetensorsFile.of("e", MemorySegment.ofArray(file));
        assertThat(st.names()).isEmpty();
        assertThat(new String(file, 8, 8, StandardCharsets.UTF_8)).isEqualTo("{}      ");
    }
}
