package io.phi4j.convert;

import io.phi4j.testing.Fixtures;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Quantizing the small reference model gives the very file llama.cpp's llama-quantize wrote (byte for byte:
 * metadata, tensor order, types, quantized blocks), for every type with --pure and for the default Q4_0 mixture.
 * The reference files were quantized from an F32 file holding the same values as the committed F16 one.
 */
class QuantizeMatchesLlamaQuantizeTest {
    private static final String DIR = "reference/small-phi2/";

    @ParameterizedTest(name = "{0} pure={1}")
    @CsvSource({
            "q8_0, true, small-phi2-Q8_0.gguf",
            "q4_0, true, small-phi2-Q4_0.gguf",
            "q4_1, true, small-phi2-Q4_1.gguf",
            "q5_0, true, small-phi2-Q5_0.gguf",
            "q5_1, true, small-phi2-Q5_1.gguf",
            "q4_k, true, small-phi2-Q4_K.gguf",
            "q5_k, true, small-phi2-Q5_K.gguf",
            "q6_k, true, small-phi2-Q6_K.gguf",
            "q4_0, false, small-phi2-Q4_0-mix.gguf",
            "bf16, false, small-phi2-BF16.gguf"})
    void sameBytesAsLlamaQuantize(String type, boolean pure, String reference, @TempDir Path dir) throws IOException {
        Path out = dir.resolve("out.gguf");
        GgufQuantizer.quantize(Fixtures.resource(DIR + "small-phi2-F16.gguf"), out, LlamaFileType.parse(type), pure,
                false, Progress.NONE);
        byte[] expected = Files.readAllBytes(Fixtures.resource(DIR + reference));
        byte[] actual = Files.readAllBytes(out);
        assertThat(actual.length).isEqualTo(expected.length);
        assertThat(firstDifference(actual, expected)).as("first differing byte").isEqualTo(-1);
    }

    private static int firstDifference(byte[] a, byte[] b) {
        for (int i = 0; i < Math.min(a.length, b.length); i++) {
            if (a[i] != b[i]) {
                return i;
            }
        }
        return a.length == b.length ? -1 : Math.min(a.length, b.length);
    }
}
