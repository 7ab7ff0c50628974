package io.phi4j.format.gguf;

import io.phi4j.PhiException;
import io.phi4j.tensor.GgmlType;
import io.phi4j.tensor.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** GgufWriter -> GgufFile gives back identical metadata (values and types, in order) and identical tensor bytes. */
class GgufRoundTripTest {
    @TempDir
    Path dir;

    /** Metadata with every value type, including arrays of every element type, empty and nested arrays. */
    static Map<String, GgufValue> everyValueType() {
        Map<String, GgufValue> m = new LinkedHashMap<>();
        m.put("general.architecture", GgufValue.string("phi2"));
        m.put("t.u8", GgufValue.uint8(255));
        m.put("t.i8", GgufValue.int8(-128));
        m.put("t.u16", GgufValue.uint16(65535));
        m.put("t.i16", GgufValue.int16(-32768));
        m.put("t.u32", GgufValue.uint32(4_294_967_295L));
        m.put("t.i32", GgufValue.int32(Integer.MIN_VALUE));
        m.put("t.f32", GgufValue.float32(Float.intBitsToFloat(0x7FC00123))); // NaN payload must survive
        m.put("t.bool", GgufValue.bool(true));
        m.put("t.string", GgufValue.string("Ġhello \u00e9\u2713 \uD83D\uDE00"));
        m.put("t.empty_string", GgufValue.string(""));
        m.put("t.u64", GgufValue.uint64(-1L));
        m.put("t.i64", GgufValue.int64(Long.MIN_VALUE));
        m.put("t.f64", GgufValue.float64(-1e-300));
        m.put("a.u8", GgufValue.array(GgufArray.ofIntegers(GgufValueType.UINT8, new long[] {0, 7, 255})));
        m.put("a.i8", GgufValue.array(GgufArray.ofIntegers(GgufValueType.INT8, new long[] {-128, 127})));
        m.put("a.u16", GgufValue.array(GgufArray.ofIntegers(GgufValueType.UINT16, new long[] {65535})));
        m.put("a.i16", GgufValue.array(GgufArray.ofIntegers(GgufValueType.INT16, new long[] {-1, 2})));
        m.put("a.u32", GgufValue.array(GgufArray.ofIntegers(GgufValueType.UINT32, new long[] {4_294_967_295L, 1})));
        m.put("a.i32", GgufValue.int32Array(new int[] {1, -2, 3}));
        m.put("a.u64", GgufValue.array(GgufArray.ofIntegers(GgufValueType.UINT64, new long[] {-1L, 0})));
        m.put("a.i64", GgufValue.array(GgufArray.ofIntegers(GgufValueType.INT64, new long[] {Long.MAX_VALUE})));
        m.put("a.f32", GgufValue.float32Array(new float[] {0.5f, -0f, Float.POSITIVE_INFINITY}));
        m.put("a.f64", GgufValue.array(GgufArray.ofFloat64(new double[] {Math.PI, Double.MIN_VALUE})));
        m.put("a.bool", GgufValue.array(GgufArray.ofBools(new boolean[] {true, false})));
        m.put("a.str", GgufValue.stringArray(List.of("a", "", "Ġ t", "\u00e9")));
        m.put("a.empty", GgufValue.stringArray(List.of()));
        m.put("a.nested", GgufValue.array(GgufArray.ofArrays(List.of(
                GgufArray.ofInt32(new int[] {1, 2}),
                GgufArray.ofStrings(List.of("x")),
                GgufArray.ofArrays(List.of(GgufArray.ofFloat32(new float[] {9f})))))));
        return m;
    }

    static List<Tensor> someTensors(Arena arena) {
        Random rnd = new Random(3);
        float[] a = new float[2 * 3 * 4 * 5];
        for (int i = 0; i < a.length; i++) {
            a[i] = (float) rnd.nextGaussian();
        }
        float[] b = new float[4 * 256];
        for (int i = 0; i < b.length; i++) {
            b[i] = (float) rnd.nextGaussian();
        }
        return List.of(
                Tensor.encode("blk.0.w4d", GgmlType.F32, new long[] {2, 3, 4, 5}, a, arena),
                Tensor.encode("blk.0.bias", GgmlType.F16, new long[] {7}, new float[] {1, 2, 3, 4, 5, 6, 7}, arena),
                Tensor.encode("q8", GgmlType.Q8_0, new long[] {2, 64}, java.util.Arrays.copyOf(b, 128), arena),
                Tensor.encode("q4k", GgmlType.Q4_K, new long[] {4, 256}, b, arena),
                Tensor.encode("q6k", GgmlType.Q6_K, new long[] {256}, java.util.Arrays.copyOf(b, 256), arena),
                Tensor.encode("bf", GgmlType.BF16, new long[] {3, 1}, new float[] {1.5f, -2f, 3f}, arena));
    }

    @Test
    void metadataAndTensorsComeBackIdentical() {
        Path file = dir.resolve("model.gguf");
        try (Arena arena = Arena.ofConfined()) {
            Map<String, GgufValue> meta = everyValueType();
            List<Tensor> tensors = someTensors(arena);
            GgufWriter.write(file, meta, tensors);

            GgufFile g = GgufFile.open(file, arena);
            assertThat(g.version()).isEqualTo(3);
            assertThat(g.alignment()).isEqualTo(32);
            assertThat(g.metadata()).containsExactlyEntriesOf(meta);
            assertThat(g.metadata().get("t.u32").type()).isEqualTo(GgufValueType.UINT32);
            assertThat(Float.floatToRawIntBits((Float) g.metadata().get("t.f32").value())).isEqualTo(0x7FC00123);
            assertThat(g.tensors()).hasSameSizeAs(tensors);
            for (int i = 0; i < tensors.size(); i++) {
                Tensor want = tensors.get(i);
                Tensor got = g.tensors().get(i);
                assertThat(got.name()).isEqualTo(want.name());
                assertThat(got.type()).isEqualTo(want.type());
                assertThat(got.shape()).containsExactly(want.shape());
                assertThat(got.data().mismatch(want.data())).as(want.name()).isEqualTo(-1L);
                long fileOffset = got.data().address() - g.tensors().getFirst().data().address() + g.dataOffset();
                assertThat(fileOffset % 32).as("alignment of " + want.name()).isZero();
            }
            assertThat(g.tensor("q4k").toFloatArray()).containsExactly(tensors.get(3).toFloatArray());
            assertThat(g.dataOffset() % 32).isZero();
        }
        assertThat(dir.resolve("model.gguf.tmp")).doesNotExist();
    }

    @Test
    void customAlignmentIsUsedAndFileSizeIsPadded() throws IOException {
        Path file = dir.resolve("aligned.gguf");
        Map<String, GgufValue> meta = new LinkedHashMap<>();
        meta.put("general.alignment", GgufValue.uint32(256));
        meta.put("x", GgufValue.string("y"));
        try (Arena arena = Arena.ofConfined()) {
            List<Tensor> tensors = List.of(
                    Tensor.ofFloats("a", new long[] {3}, new float[] {1, 2, 3}),
                    Tensor.ofFloats("b", new long[] {2}, new float[] {4, 5}));
            GgufWriter.write(file, meta, tensors);
            GgufFile g = GgufFile.open(file, arena);
            assertThat(g.alignment()).isEqualTo(256);
            assertThat(g.dataOffset() % 256).isZero();
            assertThat(g.tensor("b").data().address() - g.tensor("a").data().address()).isEqualTo(256);
            assertThat(g.tensor("b").toFloatArray()).containsExactly(4f, 5f);
            assertThat(Files.size(file)).isEqualTo(g.dataOffset() + 512);
        }
    }

    @Test
    void writingReplacesAnExistingFileAtomically() throws IOException {
        Path file = dir.resolve("m.gguf");
        Files.writeString(file, "old contents");
        GgufWriter.write(file, Map.of("k", GgufValue.int32(1)), List.of());
        try (Arena arena = Arena.ofConfined()) {
            assertThat(GgufFile.open(file, arena).getInt("k")).isEqualTo(1);
        }
        try (var listing = Files.list(dir)) {
            assertThat(listing.map(p -> p.getFileName().toString())).containsExactly("m.gguf");
        }
    }

    @Test
    void pendingTensorsAreProducedIntoTheFile() {
        Path file = dir.resolve("pending.gguf");
        float[] values = new float[64];
        for (int i = 0; i < values.length; i++) {
            values[i] = i - 31.5f;
        }
        GgufWriter.PendingTensor q = new GgufWriter.PendingTensor("w", GgmlType.Q8_0, new long[] {2, 32},
                target -> io.phi4j.tensor.Codecs.of(GgmlType.Q8_0).quantize(values, 0, target, 0, 64));
        GgufWriter.writePending(file, Map.of(), List.of(q));
        try (Arena arena = Arena.ofConfined()) {
            Tensor t = GgufFile.open(file, arena).tensor("w");
            Tensor expected = Tensor.encode("w", GgmlType.Q8_0, new long[] {2, 32}, values, arena);
            assertThat(t.data().mismatch(expected.data())).isEqualTo(-1L);
        }
    }

    @Test
    void aFailingDataSourceLeavesNoFileBehind() {
        Path file = dir.resolve("broken.gguf");
        GgufWriter.PendingTensor bad = new GgufWriter.PendingTensor("w", GgmlType.F32, new long[] {4},
                target -> {
                    throw new PhiException("source tensor unreadable");
                });
        assertThatThrownBy(() -> GgufWriter.writePending(file, Map.of(), List.of(bad)))
                .isInstanceOf(PhiException.class).hasMessage("source tensor unreadable");
        assertThat(file).doesNotExist();
        assertThat(dir.resolve("broken.gguf.tmp")).doesNotExist();
    }

    @Test
    void writerRejectsWhatReadersCannotLoad() {
        Path file = dir.resolve("bad.gguf");
        Tensor t = Tensor.ofFloats("t", new long[] {1}, new float[] {1});
        assertThatThrownBy(() -> GgufWriter.write(file, Map.of(), List.of(t, t.withName("t"))))
                .isInstanceOf(PhiException.class).hasMessageContaining("'t' appears twice");
        assertThatThrownBy(() -> GgufWriter.write(file, Map.of(), List.of(t.withName("x".repeat(64)))))
                .isInstanceOf(PhiException.class).hasMessageContaining("at most 63");
        assertThatThrownBy(() -> GgufWriter.write(file, Map.of(), List.of(
                Tensor.ofFloats("five", new long[] {1, 1, 1, 1, 1}, new float[] {1}))))
                .isInstanceOf(PhiException.class).hasMessageContaining("5 dimensions");
        assertThatThrownBy(() -> GgufWriter.write(file, Map.of("general.alignment", GgufValue.uint32(24)), List.of()))
                .isInstanceOf(PhiException.class).hasMessageContaining("power of two");
        assertThat(file).doesNotExist();
    }

    @Test
    void valuesRejectOutOfRangeIntegers() {
        assertThatThrownBy(() -> GgufValue.uint8(256)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> GgufValue.uint32(-1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new GgufValue(GgufValueType.STRING, 5L)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> GgufArray.ofIntegers(GgufValueType.INT16, new long[] {40000}))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void inMemoryParseMatchesFileOpen() throws IOException {
        Path file = dir.resolve("mem.gguf");
        GgufWriter.write(file, everyValueType(), List.of());
        GgufFile g = GgufFile.parse(MemorySegment.ofArray(Files.readAllBytes(file)), "mem.gguf");
        assertThat(g.metadata()).containsExactlyEntriesOf(everyValueType());
        assertThat(g.tensors()).isEmpty();
    }
}
