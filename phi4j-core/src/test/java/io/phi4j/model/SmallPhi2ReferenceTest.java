package io.phi4j.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.phi4j.Model;
import io.phi4j.score.LogProbs;
import io.phi4j.tensor.Tensor;
import io.phi4j.testing.Fixtures;
import io.phi4j.testing.LogitChecks;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A small random-weights Phi-2 (hidden 256, 2 layers, vocab 512) in every tensor type, quantized by
 * llama.cpp's own llama-quantize, against (a) a float64 forward pass on the file's dequantized weights and
 * (b) llama.cpp's log-probabilities for the same file. Made by tools/reference/make_quant_refs.sh.
 */
class SmallPhi2ReferenceTest {
    private static final String DIR = "reference/small-phi2/";
    private static final int S = 3, T = 48, V = 512;
    private static final ObjectMapper JSON = new ObjectMapper();

    /** llama.cpp quantizes activations (Q8_0/Q8_1/Q8_K, bf16) for quantized matmuls: its observed deviation. */
    private static double llamaCppTolerance(String model) {
        if (model.endsWith("BF16")) {
            return 5e-2;
        }
        return model.endsWith("F16") ? 5e-3 : 0.25;
    }

    private static JsonNode index() throws IOException {
        return JSON.readTree(Fixtures.resource(DIR + "index.json").toFile());
    }

    private static float[] readF32(String name) throws IOException {
        byte[] bytes = Files.readAllBytes(Fixtures.resource(DIR + name));
        float[] out = new float[bytes.length / 4];
        ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(out);
        return out;
    }

    private static int[] ids(JsonNode seq) {
        JsonNode n = seq.get("ids");
        int[] ids = new int[n.size()];
        for (int i = 0; i < ids.length; i++) {
            ids[i] = n.get(i).asInt();
        }
        return ids;
    }

    @ParameterizedTest
    @ValueSource(strings = {"F16", "BF16", "Q8_0", "Q4_0", "Q4_0-mix", "Q4_1", "Q5_0", "Q5_1", "Q4_K", "Q5_K", "Q6_K"})
    void logitsMatchFloat64AndLlamaCpp(String type) throws IOException {
        String name = "small-phi2-" + type;
        JsonNode model = index().get("models").get(name);
        JsonNode sequences = JSON.readTree(Fixtures.resource(DIR + "tokens.json").toFile()).get("sequences");
        float[] exact = readF32("f64-" + name + ".logits.f32");
        float[] llama = readF32("llamacpp-" + name + ".logprobs.f32");
        double maxExact = 0, maxLlama = 0;
        try (Model m = Model.load(Fixtures.resource(DIR + name + ".gguf"))) {
            for (int s = 0; s < S; s++) {
                int[] ids = ids(sequences.get(s));
                float[] logits = m.newSession(T).append(ids, 0, T, true);
                JsonNode gaps = model.get("f64").get("sequences").get(s).get("top2Gap");
                for (int t = 0; t < T; t++) {
                    int base = (s * T + t) * V;
                    double lse = LogProbs.logSumExp(logits, t * V, V);
                    for (int v = 0; v < V; v++) {
                        maxExact = Math.max(maxExact, Math.abs(logits[t * V + v] - exact[base + v]));
                        maxLlama = Math.max(maxLlama, Math.abs(logits[t * V + v] - lse - llama[base + v]));
                    }
                    int ours = LogitChecks.argmax(logits, t * V, V);
                    if (gaps.get(t).asDouble() > 1e-3) {
                        assertThat(ours).as("%s seq %d pos %d argmax vs float64", type, s, t)
                                .isEqualTo(LogitChecks.argmax(exact, base, V));
                    }
                    if (gaps.get(t).asDouble() > 2 * llamaCppTolerance(name)) {
                        assertThat(ours).as("%s seq %d pos %d argmax vs llama.cpp", type, s, t)
                                .isEqualTo(LogitChecks.argmax(llama, base, V));
                    }
                }
            }
        }
        assertThat(maxExact).as("max |logit - float64 reference|").isLessThan(1e-4);
        assertThat(maxLlama).as("max |logprob - llama.cpp|").isLessThan(llamaCppTolerance(name));
    }

    @ParameterizedTest
    @ValueSource(strings = {"F16", "BF16", "Q8_0", "Q4_0", "Q4_0-mix", "Q4_1", "Q5_0", "Q5_1", "Q4_K", "Q5_K", "Q6_K"})
    void everyTensorDequantizesBitForBitAsGgml(String type) throws IOException, NoSuchAlgorithmException {
        String name = "small-phi2-" + type;
        JsonNode tensors = index().get("models").get(name).get("tensors");
        try (Model m = Model.load(Fixtures.resource(DIR + name + ".gguf"))) {
            Map<String, Tensor> all = m.weights().tensors();
            for (Iterator<Map.Entry<String, JsonNode>> it = tensors.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                Tensor t = all.get(e.getKey());
                assertThat(t).as(e.getKey()).isNotNull();
                assertThat(t.type().name()).as(e.getKey()).isEqualTo(e.getValue().get("type").asText());
                float[] values = t.toFloatArray();
                ByteBuffer b = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
                b.asFloatBuffer().put(values);
                String sha = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b.array()));
                assertThat(sha).as("dequantized %s of %s", e.getKey(), type).isEqualTo(e.getValue().get("dequantF32Sha256").asText());
            }
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 2})
    void ggufTokenizerReproducesLlamaCppIds(int seq) throws IOException {
        JsonNode s = JSON.readTree(Fixtures.resource(DIR + "tokens.json").toFile()).get("sequences").get(seq);
        int[] expected = JSON.convertValue(s.get("textIds"), int[].class);
        try (Model m = Model.load(Fixtures.resource(DIR + "small-phi2-Q8_0.gguf"))) {
            assertThat(m.tokenizer().encode(s.get("text").asText())).containsExactly(expected);
            assertThat(m.tokenizer().decode(expected)).isEqualTo(s.get("text").asText());
        }
    }

    static Path resource(String name) {
        return Fixtures.resource(DIR + name);
    }
}
