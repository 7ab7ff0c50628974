package io.phi4j.format.gguf;

import io.phi4j.tensor.Codecs;
import io.phi4j.tensor.GgmlType;
import io.phi4j.tensor.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Interoperability with gguf-py (the `gguf` package's GGUFWriter), an independent implementation: we read its
 * file exactly (values from make_gguf_fixture.py beside the fixture), and our writer reproduces its bytes.
 */
class GgufInteropTest {
    @TempDir
    Path dir;

    static Path fixture() throws Exception {
        return Path.of(GgufInteropTest.class.getResource("/reference/gguf/gguf-py-all-types.gguf").toURI());
    }

    @Test
    void readsEveryValueTypeWrittenByGgufPy() throws Exception {
        try (Arena arena = Arena.ofConfined()) {
            GgufFile g = GgufFile.open(fixture(), arena);
            assertThat(g.version()).isEqualTo(3);
            assertThat(g.metadata()).hasSize(27);
            assertThat(g.metadata().keySet()).startsWith("general.architecture", "test.u8", "test.i8");
            assertThat(g.getString("general.architecture")).isEqualTo("phi2");
            assertThat(g.metadata().get("test.u8")).isEqualTo(GgufValue.uint8(200));
            assertThat(g.metadata().get("test.i8")).isEqualTo(GgufValue.int8(-100));
            assertThat(g.metadata().get("test.u16")).isEqualTo(GgufValue.uint16(60000));
            assertThat(g.metadata().get("test.i16")).isEqualTo(GgufValue.int16(-30000));
            assertThat(g.metadata().get("test.u32")).isEqualTo(GgufValue.uint32(4_000_000_000L));
            assertThat(g.metadata().get("test.i32")).isEqualTo(GgufValue.int32(-2_000_000_000));
            assertThat(g.metadata().get("test.f32")).isEqualTo(GgufValue.float32(0.1f));
            assertThat(g.metadata().get("test.bool")).isEqualTo(GgufValue.bool(true));
            assertThat(g.getString("test.string")).isEqualTo("h\u00e9llo w\u00f6rld \u2713");
            assertThat(g.metadata().get("test.u64")).isEqualTo(GgufValue.uint64(-1L)); // 2^64 - 1
            assertThat(g.metadata().get("test.i64")).isEqualTo(GgufValue.int64(-(1L << 62)));
            assertThat(g.metadata().get("test.f64")).isEqualTo(GgufValue.float64(3.141592653589793));
            assertThat(g.getIntArray("test.arr.u8")).containsExactly(1, 2, 255);
            assertThat(g.getIntArray("test.arr.i8")).containsExactly(-128, 0, 127);
            assertThat(g.getIntArray("test.arr.u16")).containsExactly(0, 65535);
            assertThat(g.getIntArray("test.arr.i16")).containsExactly(-32768, 32767);
            assertThat(g.meta().getArray("test.arr.u32").longs()).containsExactly(0, 4_294_967_295L);
            assertThat(g.getIntArray("test.arr.i32")).containsExactly(-1, Integer.MAX_VALUE);
            assertThat(g.meta().getArray("test.arr.u64").longs()).containsExactly(Long.MIN_VALUE + 5); // 2^63 + 5
            assertThat(g.meta().getArray("test.arr.i64").longs()).containsExactly(Long.MIN_VALUE, 42);
            assertThat(g.getFloatArray("test.arr.f32")).containsExactly(1.5f, -2.25f);
            assertThat(g.meta().getArray("test.arr.f64").doubles()).containsExactly(1e300, -0.5);
            assertThat(g.meta().getArray("test.arr.bool").booleans()).containsExactly(true, false, true);
            assertThat(g.getStringArray("test.arr.str")).containsExactly("a", "", "\u0120 t");
            GgufArray nested = g.meta().getArray("test.arr.nested");
            assertThat(nested.elementType()).isEqualTo(GgufValueType.ARRAY);
            assertThat(nested.arrays()).containsExactly(GgufArray.ofInt32(new int[] {1, 2}), GgufArray.ofInt32(new int[] {3}));
            assertThat(g.meta().getArray("test.arr.nested_str").arrays())
                    .containsExactly(GgufArray.ofStrings(List.of("x")), GgufArray.ofStrings(List.of("y", "z")));

            assertThat(g.tensors()).extracting(Tensor::name)
                    .containsExactly("t.f32", "t.bias", "t.f16", "t.4d", "t.q8_0", "t.bf16");
            Tensor f32 = g.tensor("t.f32");
            assertThat(f32.shape()).containsExactly(3, 5);
            assertThat(f32.toFloatArray()).startsWith(-3f, -2.5f, -2f).endsWith(4f);
            assertThat(g.tensor("t.bias").shape()).containsExactly(7);
            Tensor f16 = g.tensor("t.f16");
            assertThat(f16.type()).isEqualTo(GgmlType.F16);
            assertThat(f16.shape()).containsExactly(2, 4, 8);
            assertThat(f16.toFloatArray()[63]).isEqualTo(63 / 8f);
            assertThat(g.tensor("t.4d").shape()).containsExactly(1, 2, 3, 4);
            assertThat(g.tensor("t.4d").toFloatArray()[23]).isEqualTo(23f);

            // gguf-py quantized these with its numpy port of llama.cpp's reference quantizers: ours must agree.
            float[] q8src = new float[128];
            for (int i = 0; i < 128; i++) {
                q8src[i] = (i - 60) / 16f;
            }
            Tensor q8 = g.tensor("t.q8_0");
            assertThat(q8.type()).isEqualTo(GgmlType.Q8_0);
            assertThat(q8.shape()).containsExactly(2, 64);
            assertThat(q8.data().mismatch(Tensor.encode("q", GgmlType.Q8_0, new long[] {2, 64}, q8src, arena).data()))
                    .isEqualTo(-1L);
            float[] bfsrc = new float[32];
            for (int i = 0; i < 32; i++) {
                bfsrc[i] = new float[] {1.0f, -2.5f, 3.140625f, 0f}[i % 4];
            }
            Tensor bf = g.tensor("t.bf16");
            assertThat(bf.shape()).containsExactly(1, 32);
            byte[] ours = new byte[64];
            Codecs.of(GgmlType.BF16).quantize(bfsrc, 0, MemorySegment.ofArray(ours), 0, 32);
            assertThat(bf.data().mismatch(MemorySegment.ofArray(ours))).isEqualTo(-1L);
            assertThat(bf.toFloatArray()).startsWith(1.0f, -2.5f, 3.140625f, 0f);
        }
    }

    @Test
    void ourWriterReproducesGgufPyBytes() throws Exception {
        byte[] original = Files.readAllBytes(fixture());
        Path copy = dir.resolve("copy.gguf");
        try (Arena arena = Arena.ofConfined()) {
            GgufFile g = GgufFile.open(fixture(), arena);
            GgufWriter.write(copy, g.metadata(), g.tensors());
        }
        assertThat(Files.readAllBytes(copy)).isEqualTo(original);
    }
}
