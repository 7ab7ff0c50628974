package io.phi4j.convert;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.phi4j.Model;
import io.phi4j.format.hf.HfPhiConfig;
import io.phi4j.model.WeightInit;
import io.phi4j.score.LogProbs;
import io.phi4j.tensor.GgmlType;
import io.phi4j.testing.Fixtures;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * Files written by phi's converter and quantizer against llama.cpp's own tools (tools/cli/make_convert_refs.sh made
 * reference/convert/llamacpp-convert.json):
 * <ul>
 *   <li>a tiny Phi model with the full Phi-2 tokenizer, converted from a Hugging Face directory, is byte for byte
 *       the file llama.cpp's convert_hf_to_gguf.py writes (f32, f16, bf16, q8_0), and quantizing it is byte for byte
 *       llama-quantize's output for every type, with and without --pure (K-quant fallbacks and Q4_K_M/Q5_K_M layer
 *       choices included);</li>
 *   <li>GGUF files phi writes from the small reference model (via a Hugging Face directory, also in the legacy
 *       phi-msft layout) are the very files llama.cpp loaded and evaluated, and phi4j gives the same per-token
 *       log-probabilities on them as llama.cpp, within the tolerance of each type.</li>
 * </ul>
 */
class LlamaCppConvertReferenceTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String DIR = "reference/convert/";
    private static final int T = 48, V = 512;

    @TempDir
    static Path work;
    static JsonNode ref;
    static Path tinyHf;
    static Path tinyF32;
    static Path smallHf;
    static Path smallLegacy;

    @BeforeAll
    static void setUp() throws IOException {
        ref = JSON.readTree(Fixtures.resource(DIR + "llamacpp-convert.json").toFile());
        JsonNode tiny = ref.get("tiny");
        tinyHf = work.resolve(tiny.get("dirName").asText());
        ModelInit.writeHf(HfPhiConfig.read(Fixtures.resource(DIR + tiny.get("config").asText())).config(),
                WeightInit.of(tiny.get("seed").asLong()), GgmlType.F32, WeightInit.DEFAULT_STD, tinyHf, Progress.NONE);
        tinyF32 = work.resolve("tiny-f32.gguf");
        HfToGguf.convert(tinyHf, tinyF32, LlamaFileType.F32, false, Progress.NONE);

        smallHf = work.resolve("small-phi2");
        GgufToHf.convert(Fixtures.resource("reference/small-phi2/small-phi2-F16.gguf"), smallHf, GgmlType.F32, null, Progress.NONE);
        smallLegacy = work.resolve("small-phi2-msft");
        LegacyCopy.write(smallHf, smallLegacy);
    }

    @Test
    void initWritesTheSameCheckpointAsWhenTheReferenceWasMade() throws IOException {
        assertThat(sha256(tinyHf.resolve("model.safetensors"))).isEqualTo(ref.get("tiny").get("inputSha256").asText());
        assertThat(sha256(smallHf.resolve("model.safetensors"))).isEqualTo(ref.get("smallPhi2").get("hfSha256").asText());
        assertThat(sha256(smallLegacy.resolve("model.safetensors"))).isEqualTo(ref.get("smallPhi2").get("legacySha256").asText());
    }

    @ParameterizedTest
    @ValueSource(strings = {"f32", "f16", "bf16", "q8_0"})
    void convertIsByteIdenticalToConvertHfToGguf(String type) throws IOException {
        Path out = work.resolve("tiny-" + type + ".gguf");
        HfToGguf.convert(tinyHf, out, LlamaFileType.parse(type), false, Progress.NONE);
        assertThat(sha256(out)).isEqualTo(ref.get("tiny").get("convert_hf_to_gguf").get(type).asText());
    }

    static List<String> quantizeTypes() {
        List<String> names = new ArrayList<>();
        ref().get("tiny").get("llama_quantize").fieldNames().forEachRemaining(names::add);
        return names;
    }

    private static JsonNode ref() {
        try {
            return JSON.readTree(Fixtures.resource(DIR + "llamacpp-convert.json").toFile());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @ParameterizedTest
    @MethodSource("quantizeTypes")
    void quantizeIsByteIdenticalToLlamaQuantize(String name) throws IOException {
        assertThat(quantizeTypes()).hasSize(16);
        boolean pure = name.endsWith("-pure");
        LlamaFileType type = LlamaFileType.parse(pure ? name.substring(0, name.length() - 5) : name);
        Path out = work.resolve("tiny-quantized-" + name + ".gguf");
        GgufQuantizer.quantize(tinyF32, out, type, pure, false, Progress.NONE);
        assertThat(sha256(out)).isEqualTo(ref.get("tiny").get("llama_quantize").get(name).asText());
    }

    static List<String> evaluatedFiles() {
        List<String> names = new ArrayList<>();
        ref().get("smallPhi2").get("files").fieldNames().forEachRemaining(names::add);
        return names;
    }

    /** Writes the file the reference names, the way make_convert_refs.sh did. */
    private static Path write(String stem) {
        Path out = work.resolve(stem + ".gguf");
        if (stem.equals("convert-msft-q8_0")) {
            HfToGguf.convert(smallLegacy, out, LlamaFileType.Q8_0, false, Progress.NONE);
        } else if (stem.equals("quantize-q5_k")) {
            Path f16 = work.resolve("small-for-quantize-f16.gguf");
            HfToGguf.convert(smallHf, f16, LlamaFileType.F16, false, Progress.NONE);
            GgufQuantizer.quantize(f16, out, LlamaFileType.Q5_K_M, false, false, Progress.NONE);
        } else {
            String type = stem.substring("convert-".length());
            boolean pure = type.endsWith("-pure");
            HfToGguf.convert(smallHf, out, LlamaFileType.parse(pure ? type.substring(0, type.length() - 5) : type), pure,
                    Progress.NONE);
        }
        return out;
    }

    private static double tolerance(String stem) {
        String type = stem.substring(stem.lastIndexOf('-') + 1).toLowerCase(Locale.ROOT);
        if (stem.endsWith("-pure")) {
            type = "q4_k";
        }
        return switch (type) {
            case "f32", "f16" -> 5e-3;
            case "bf16" -> 5e-2;
            default -> 0.25; // llama.cpp quantizes activations to 8 bits for quantized matmuls
        };
    }

    @ParameterizedTest
    @MethodSource("evaluatedFiles")
    void llamaCppLoadsWhatPhiWritesAndAgreesOnEveryTokenLogprob(String stem) throws IOException {
        JsonNode expected = ref.get("smallPhi2").get("files").get(stem);
        Path file = write(stem);
        assertThat(sha256(file)).as("the file llama.cpp evaluated").isEqualTo(expected.get("sha256").asText());
        JsonNode sequences = JSON.readTree(Fixtures.resource("reference/small-phi2/tokens.json").toFile()).get("sequences");
        double tol = tolerance(stem);
        double worst = 0;
        int argmaxChecked = 0;
        try (Model m = Model.load(file)) {
            for (int s = 0; s < sequences.size(); s++) {
                int[] ids = JSON.convertValue(sequences.get(s).get("ids"), int[].class);
                float[] logits = m.newSession(T).append(ids, 0, T, true);
                JsonNode llama = expected.get("sequences").get(s);
                for (int t = 0; t < T; t++) {
                    double lse = LogProbs.logSumExp(logits, t * V, V);
                    if (t + 1 < T) {
                        double ours = logits[t * V + ids[t + 1]] - lse;
                        double theirs = llama.get("nextTokenLogprob").get(t).asDouble();
                        worst = Math.max(worst, Math.abs(ours - theirs));
                        assertThat(ours).as("%s seq %d pos %d", stem, s, t).isCloseTo(theirs, within(tol));
                    }
                    int best = 0, second = -1;
                    for (int v = 1; v < V; v++) {
                        if (logits[t * V + v] > logits[t * V + best]) {
                            second = best;
                            best = v;
                        } else if (second < 0 || logits[t * V + v] > logits[t * V + second]) {
                            second = v;
                        }
                    }
                    if (logits[t * V + best] - logits[t * V + second] > 2 * tol) {
                        assertThat(best).as("%s seq %d argmax at %d", stem, s, t).isEqualTo(llama.get("argmax").get(t).asInt());
                        argmaxChecked++;
                    }
                }
            }
        }
        System.out.printf("%s: max |Δ logprob| vs llama.cpp %.2e, argmax equal at %d clear positions%n", stem, worst, argmaxChecked);
        assertThat(argmaxChecked).as("positions with a clear argmax").isGreaterThan(30);
        assertThat(worst).as("max |Δ logprob| vs llama.cpp").isLessThan(tol);
    }

    static String sha256(Path p) throws IOException {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(p)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
