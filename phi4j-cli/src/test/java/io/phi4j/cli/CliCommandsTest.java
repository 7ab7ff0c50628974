package io.phi4j.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** The phi command on a small Q8_0 model quantized by llama.cpp, checked against reference values. */
class CliCommandsTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    @TempDir
    static Path dir;
    static Path model;
    static JsonNode textSeq;

    @BeforeAll
    static void setUp() throws IOException {
        model = TestModels.copy(TestModels.SMALL, dir);
        textSeq = JSON.readTree(TestModels.bytes("reference/small-phi2/tokens.json")).get("sequences").get(2);
    }

    @Test
    void tokenizeJsonGivesLlamaCppIds() throws IOException {
        CliRun r = CliRun.run("tokenize", "-m", model.toString(), "--text", textSeq.get("text").asText(), "--json");
        assertThat(r.exitCode()).as(r.err()).isZero();
        JsonNode out = JSON.readTree(r.out());
        assertThat(JSON.convertValue(out.get("ids"), int[].class)).containsExactly(JSON.convertValue(textSeq.get("textIds"), int[].class));
        StringBuilder joined = new StringBuilder();
        out.get("tokens").forEach(t -> joined.append(t.asText()));
        assertThat(joined.toString()).isEqualTo(textSeq.get("text").asText());
    }

    @Test
    void scoreJsonGivesTheLogProbabilitiesOfTheFloat64Reference() throws IOException {
        CliRun r = CliRun.run("score", "-m", model.toString(), "--text", textSeq.get("text").asText(), "--json");
        assertThat(r.exitCode()).as(r.err()).isZero();
        JsonNode out = JSON.readTree(r.out());
        JsonNode tokens = out.get("tokens");
        assertThat(tokens.get(0).get("logprob").isNull()).isTrue();
        byte[] raw = TestModels.bytes("reference/small-phi2/f64-small-phi2-Q8_0.logits.f32");
        float[] ref = new float[raw.length / 4];
        ByteBuffer.wrap(raw).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(ref);
        int seq = 2, T = 48, V = 512;
        double sum = 0;
        for (int t = 1; t < tokens.size(); t++) {
            sum += tokens.get(t).get("logprob").asDouble();
        }
        assertThat(out.get("sum_logprob").asDouble()).isCloseTo(sum, within(1e-9));
        for (int t = 1; t < T; t++) {
            int base = (seq * T + t - 1) * V;
            double max = Double.NEGATIVE_INFINITY, s = 0;
            for (int v = 0; v < V; v++) {
                max = Math.max(max, ref[base + v]);
            }
            for (int v = 0; v < V; v++) {
                s += Math.exp(ref[base + v] - max);
            }
            double expected = ref[base + tokens.get(t).get("id").asInt()] - max - Math.log(s);
            assertThat(tokens.get(t).get("logprob").asDouble()).as("token %d", t).isCloseTo(expected, within(1e-4));
        }
    }

    @Test
    void greedyGenerationIsDeterministicAndJsonHasTimings() throws IOException {
        String prompt = "def fibonacci(n):";
        CliRun a = CliRun.run("generate", "-m", model.toString(), "--temperature", "0", "-n", "12", prompt);
        CliRun b = CliRun.run("generate", "-m", model.toString(), "--temperature", "0", "-n", "12", "--prompt", prompt);
        assertThat(a.exitCode()).as(a.err()).isZero();
        assertThat(a.out()).isEqualTo(b.out()).isNotBlank();
        CliRun j = CliRun.run("generate", "-m", model.toString(), "--temperature", "0", "-n", "12", "--json", prompt);
        JsonNode out = JSON.readTree(j.out());
        assertThat(out.get("text").asText() + "\n").isEqualTo(a.out());
        assertThat(out.get("completion_tokens").asInt()).isEqualTo(12);
        assertThat(out.get("finish_reason").asText()).isEqualTo("length");
        assertThat(out.get("decode_tokens_per_second").asDouble()).isPositive();
    }

    @Test
    void seededSamplingRepeatsAndStopStringsCut() {
        String[] args = {"generate", "-m", model.toString(), "--temperature", "1.0", "--seed", "42", "-n", "20", "Hello"};
        assertThat(CliRun.run(args).out()).isEqualTo(CliRun.run(args).out());
        CliRun full = CliRun.run("generate", "-m", model.toString(), "--temperature", "0", "-n", "20", "--json", "Hello");
        String text = readText(full.out());
        String stop = text.substring(3, 5);
        CliRun cut = CliRun.run("generate", "-m", model.toString(), "--temperature", "0", "-n", "20", "--json", "--stop", stop, "Hello");
        assertThat(readText(cut.out())).isEqualTo(text.substring(0, text.indexOf(stop)));
    }

    private static String readText(String json) {
        try {
            return JSON.readTree(json).get("text").asText();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void generationStopsWhenTheContextIsFull() throws IOException {
        CliRun r = CliRun.run("generate", "-m", model.toString(), "--ctx", "16", "-n", "100", "--ignore-eos", "--temperature", "0", "--json", "Hello");
        assertThat(r.exitCode()).as(r.err()).isZero();
        JsonNode out = JSON.readTree(r.out());
        assertThat(out.get("finish_reason").asText()).isEqualTo("context");
        assertThat(out.get("prompt_tokens").asInt() + out.get("completion_tokens").asInt()).isEqualTo(17);
    }

    @Test
    void promptFromStandardInput() {
        CliRun piped = CliRun.runWithStdin("Hello", "generate", "-m", model.toString(), "--temperature", "0", "-n", "5");
        CliRun arg = CliRun.run("generate", "-m", model.toString(), "--temperature", "0", "-n", "5", "Hello");
        assertThat(piped.exitCode()).as(piped.err()).isZero();
        assertThat(piped.out()).isEqualTo(arg.out());
    }

    @Test
    void infoReportsShapesAndTypes() throws IOException {
        CliRun r = CliRun.run("info", "-m", model.toString(), "--json");
        assertThat(r.exitCode()).as(r.err()).isZero();
        JsonNode out = JSON.readTree(r.out());
        assertThat(out.get("hidden_size").asInt()).isEqualTo(256);
        assertThat(out.get("layers").asInt()).isEqualTo(2);
        assertThat(out.get("vocab_size").asInt()).isEqualTo(512);
        assertThat(out.get("rope_dims").asInt()).isEqualTo(32);
        assertThat(out.get("tensor_types").get("Q8_0").asInt()).isPositive();
        // 2*(4*(256*256+256) + 2*256 + 256*512+512 + 512*256+256) + 512*256*2 + 512 + 2*256
        assertThat(out.get("parameters").asLong()).isEqualTo(2L * (4 * (256 * 256 + 256) + 2 * 256 + 256 * 512 + 512 + 512 * 256 + 256)
                + 512L * 256 * 2 + 512 + 2 * 256);
        CliRun text = CliRun.run("info", "-m", model.toString());
        assertThat(text.out()).contains("GGUF v3").contains("hidden 256");
    }

    @Test
    void benchReportsThroughputAndMemory() throws IOException {
        CliRun r = CliRun.run("bench", "-m", model.toString(), "-p", "16", "-n", "4", "-r", "2", "--json");
        assertThat(r.exitCode()).as(r.err()).isZero();
        JsonNode out = JSON.readTree(r.out());
        assertThat(out.get("pp16").get("tokens_per_second").asDouble()).isPositive();
        assertThat(out.get("tg4").get("tokens_per_second").asDouble()).isPositive();
        assertThat(out.get("peak_rss_bytes").asLong()).isPositive();
        assertThat(out.get("parameters").asLong()).isEqualTo(1_316_352L);
    }

    @Test
    void versionAndHelp() {
        assertThat(CliRun.run("--version").out()).startsWith("phi4j ");
        CliRun help = CliRun.run("generate", "--help");
        assertThat(help.exitCode()).isZero();
        assertThat(help.out()).contains("--temperature").contains("Examples:");
    }
}
