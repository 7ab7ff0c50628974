package io.phi4j.convert;

import io.phi4j.format.gguf.GgufFile;
import io.phi4j.format.gguf.GgufValue;
import io.phi4j.format.safetensors.SafetensorsFile;
import io.phi4j.tensor.GgmlType;
import io.phi4j.tensor.Tensor;
import io.phi4j.testing.Fixtures;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.lang.foreign.Arena;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The tiny-phi2 fixture of ../shared, written by Hugging Face transformers (hf/) and by llama.cpp's gguf-py (gguf/):
 * converting the Hugging Face directory gives gguf-py's tensors and tokenizer metadata, and converting back gives
 * the original safetensors tensors.
 */
@Tag("shared")
class ConvertSharedFixtureTest {
    @ParameterizedTest
    @CsvSource({"f32, phi2-tiny-random-std0.1-F32.gguf", "f16, phi2-tiny-random-std0.1-F16.gguf"})
    void huggingFaceFixtureConvertsToGgufPysFileAndBack(String type, String reference, @TempDir Path dir) {
        Path hf = Fixtures.shared("fixtures/tiny-phi2/hf");
        Path out = dir.resolve("tiny.gguf");
        HfToGguf.convert(hf, out, LlamaFileType.parse(type), false, Progress.NONE);
        Path back = dir.resolve("back");
        GgufToHf.convert(out, back, GgmlType.F32, null, Progress.NONE);
        try (Arena arena = Arena.ofConfined()) {
            GgufFile ours = GgufFile.open(out, arena);
            GgufFile theirs = GgufFile.open(Fixtures.shared("fixtures/tiny-phi2/gguf/" + reference), arena);
            assertThat(ours.tensors()).hasSameSizeAs(theirs.tensors());
            for (Tensor t : theirs.tensors()) {
                Tensor o = ours.tensor(t.name());
                assertThat(o.type()).as(t.name()).isEqualTo(t.type());
                assertThat(o.shape()).as(t.name()).isEqualTo(t.shape());
                assertThat(o.data().mismatch(t.data())).as(t.name()).isEqualTo(-1);
            }
            Map<String, GgufValue> a = ours.metadata(), b = theirs.metadata();
            for (String key : b.keySet()) {
                if (key.startsWith("tokenizer.") || key.startsWith("phi2.")) {
                    assertThat(a.get(key)).as(key).isEqualTo(b.get(key));
                }
            }
            SafetensorsFile original = SafetensorsFile.open(hf.resolve("model.safetensors"), arena);
            SafetensorsFile converted = SafetensorsFile.open(back.resolve("model.safetensors"), arena);
            for (String name : original.names()) {
                float[] x = original.tensor(name).toFloatArray();
                float[] y = converted.tensor(name).toFloatArray();
                if (type.equals("f32") || original.tensor(name).rank() == 1) {
                    assertThat(y).as(name).isEqualTo(x);
                } else {
                    for (int i = 0; i < x.length; i++) {
                        assertThat(y[i]).as(name).isEqualTo(Float.float16ToFloat(Float.floatToFloat16(x[i])));
                    }
                }
            }
        }
    }
}
