package io.phi4j.format.safetensors;

import io.phi4j.tensor.GgmlType;
import io.phi4j.tensor.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static io.phi4j.format.safetensors.SafetensorsTestFiles.assertSameBytes;
import static io.phi4j.format.safetensors.SafetensorsTestFiles.bytes;
import static io.phi4j.format.safetensors.SafetensorsTestFiles.floats;
import static io.phi4j.format.safetensors.SafetensorsTestFiles.ramp;
import static io.phi4j.format.safetensors.SafetensorsTestFiles.resource;
import static org.assertj.core.api.Assertions.assertThat;

/** Byte-for-byte agreement with files written by the Python {@code safetensors} package (see make_reference.py). */
class SafetensorsPythonCompatibilityTest {
    /** The tensors of reference-mixed.safetensors, as make_reference.py builds them. */
    static final List<Tensor> MIXED = List.of(
            ramp("weight", GgmlType.F32, new long[] {3, 4}, -1.0, 0.25),
            ramp("bias", GgmlType.F32, new long[] {4}, 0.5, 1.0),
            ramp("alpha.half", GgmlType.F16, new long[] {2, 3}, -2.0, 0.5),
            ramp("beta.bf", GgmlType.BF16, new long[] {5}, -2.0, 1.0),
            ramp("Zeta", GgmlType.F32, new long[] {}, 42.0, 0.0),
            ramp("empty", GgmlType.F16, new long[] {0, 3}, 0.0, 0.0),
            ramp("a.10", GgmlType.F32, new long[] {2}, 7.0, 1.0),
            ramp("a.9", GgmlType.F32, new long[] {2}, 9.0, 1.0),
            ramp("model.layers.0.mlp.fc1.weight", GgmlType.BF16, new long[] {2, 2}, 1.0, 0.125));

    @TempDir
    Path dir;

    @Test
    void readsPythonWrittenFile() {
        byte[] file = resource("reference-mixed.safetensors");
        SafetensorsFile st = SafetensorsFile.of("reference-mixed.safetensors", MemorySegment.ofArray(file));
        assertThat(st.metadata()).isEqualTo(Map.of("format", "pt"));
        // File order is the writer's order: F32 by name, then BF16, then F16.
        assertThat(st.names()).containsExactly("Zeta", "a.10", "a.9", "bias", "weight", "beta.bf",
                "model.layers.0.mlp.fc1.weight", "alpha.half", "empty");
        for (Tensor expected : MIXED) {
            Tensor actual = st.tensor(expected.name());
            assertThat(actual.type()).as(expected.name()).isEqualTo(expected.type());
            assertThat(actual.shape()).as(expected.name()).isEqualTo(expected.shape());
            assertThat(floats(actual)).as(expected.name()).containsExactly(floats(expected));
        }
        assertThat(floats(st.tensor("weight"))).startsWith(-1.0f, -0.75f, -0.5f);
        assertThat(floats(st.tensor("beta.bf"))).containsExactly(-2f, -1f, 0f, 1f, 2f);
    }

    @Test
    void writesTheSameBytesAsPython() throws Exception {
        Path out = dir.resolve("java.safetensors");
        SafetensorsWriter.write(out, MIXED.reversed(), null, SafetensorsWriter.PT_METADATA);
        assertSameBytes(Files.readAllBytes(out), resource("reference-mixed.safetensors"));
    }

    @ParameterizedTest
    @CsvSource({"F16, x.f16", "BF16, x.bf16"})
    void convertsFloat32WithTorchRounding(GgmlType target, String reference) throws Exception {
        SafetensorsFile st = SafetensorsFile.of("reference-rounding.safetensors",
                MemorySegment.ofArray(resource("reference-rounding.safetensors")));
        Tensor source = st.tensor("x.f32").withName(reference);
        Path out = dir.resolve("converted.safetensors");
        SafetensorsWriter.write(out, List.of(source), target, null);
        try (Arena arena = Arena.ofConfined()) {
            Tensor converted = SafetensorsFile.open(out, arena).tensor(reference);
            assertThat(converted.type()).isEqualTo(target);
            assertSameBytes(bytes(converted), bytes(st.tensor(reference)));
        }
    }

    @Test
    void convertsHalfTypesBackToFloat32Exactly() throws Exception {
        SafetensorsFile st = SafetensorsFile.of("reference-rounding.safetensors",
                MemorySegment.ofArray(resource("reference-rounding.safetensors")));
        Path out = dir.resolve("widened.safetensors");
        SafetensorsWriter.write(out, List.of(st.tensor("x.f16"), st.tensor("x.bf16")), GgmlType.F32, null);
        try (Arena arena = Arena.ofConfined()) {
            SafetensorsFile back = SafetensorsFile.open(out, arena);
            assertThat(floats(back.tensor("x.f16"))).containsExactly(floats(st.tensor("x.f16")));
            assertThat(floats(back.tensor("x.bf16"))).containsExactly(floats(st.tensor("x.bf16")));
        }
    }
}
