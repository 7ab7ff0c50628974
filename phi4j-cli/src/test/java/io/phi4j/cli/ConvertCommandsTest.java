package io.phi4j.cli;

import io.phi4j.Model;
import io.phi4j.format.gguf.GgufFile;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** `phi convert`, `phi quantize`, `phi init`, `phi completion` and the help of every command. */
class ConvertCommandsTest {
    @TempDir
    static Path dir;
    static Path f16;

    @BeforeAll
    static void setUp() throws IOException {
        f16 = TestModels.copy("reference/small-phi2/small-phi2-F16.gguf", dir);
    }

    private static CliRun ok(String... args) {
        CliRun r = CliRun.run(args);
        assertThat(r.exitCode()).as(r.err()).isZero();
        return r;
    }

    @Test
    void convertBothWaysAndQuantize() throws IOException {
        Path hf = dir.resolve("small-phi2");
        CliRun toHf = ok("convert", f16.toString(), hf.toString());
        assertThat(toHf.out()).startsWith("wrote " + hf).contains("1,316,352 parameters").contains("F16 ×33");
        assertThat(hf.resolve("model.safetensors")).exists();
        assertThat(hf.resolve("tokenizer.json")).exists();

        Path q4 = dir.resolve("small.Q4_0.gguf");
        CliRun toGguf = ok("convert", hf.toString(), q4.toString(), "--type", "q4_0");
        assertThat(toGguf.out()).contains("F32 ×19").contains("Q4_0 ×13").contains("Q6_K ×1");

        Path q8 = dir.resolve("small.Q8_0.gguf");
        ok("quantize", f16.toString(), q8.toString(), "--type", "q8_0", "--pure", "-q");
        byte[] expected = TestModels.bytes("reference/small-phi2/small-phi2-Q8_0.gguf");
        assertThat(Files.readAllBytes(q8)).as("llama-quantize --pure Q8_0 output").isEqualTo(expected);

        Path fromHf = dir.resolve("fromhf.Q4_K.gguf");
        ok("quantize", hf.toString(), fromHf.toString(), "-t", "q4_k");
        try (Model m = Model.load(fromHf)) {
            assertThat(m.info().tensorTypes()).containsEntry("Q4_K", 11).containsEntry("Q6_K", 3);
        }
    }

    @Test
    void requantizingNeedsToBeAskedFor() throws IOException {
        Path q8 = TestModels.copy(TestModels.SMALL, dir);
        Path q4 = dir.resolve("re.gguf");
        CliRun r = CliRun.run("quantize", q8.toString(), q4.toString(), "-t", "q4_0");
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err().strip()).contains("is already Q8_0").contains("--allow-requantize").doesNotContain("\n");
        ok("quantize", q8.toString(), q4.toString(), "-t", "q4_0", "--allow-requantize");
        assertThat(q4).exists();
    }

    @Test
    void initIsDeterministicPerSeedAndWritesBothFormats() throws IOException {
        Path config = dir.resolve("tiny.json");
        Files.writeString(config, """
                {"model_type": "phi", "hidden_size": 64, "intermediate_size": 256, "num_hidden_layers": 2,
                 "num_attention_heads": 4, "partial_rotary_factor": 0.5, "vocab_size": 51200,
                 "max_position_embeddings": 256, "bos_token_id": 50256, "eos_token_id": 50256}""");
        Path a = dir.resolve("a.gguf"), b = dir.resolve("b.gguf"), c = dir.resolve("c.gguf");
        CliRun r = ok("init", "--config", config.toString(), "--seed", "5", "--dtype", "q8_0", "--out", a.toString());
        assertThat(r.out()).startsWith("wrote " + a).contains("Q8_0");
        ok("init", "--config", config.toString(), "--seed", "5", "--dtype", "q8_0", "--out", b.toString(), "-q");
        ok("init", "--config", config.toString(), "--seed", "6", "--dtype", "q8_0", "--out", c.toString(), "-q");
        assertThat(Files.readAllBytes(a)).isEqualTo(Files.readAllBytes(b)).isNotEqualTo(Files.readAllBytes(c));
        try (Arena arena = Arena.ofConfined()) {
            GgufFile g = GgufFile.open(a, arena);
            assertThat(g.getString("tokenizer.ggml.pre")).isEqualTo("phi-2");
            assertThat(g.getStringArray("tokenizer.ggml.tokens")).hasSize(51200);
            assertThat(g.getInt("phi2.block_count")).isEqualTo(2);
            assertThat(g.getString("general.name")).isEqualTo("Phi (random init, seed 5)");
            assertThat(g.tensor("output.weight").type().name()).isEqualTo("Q8_0");
        }
        Path hf = dir.resolve("init-hf");
        ok("init", "--config", config.toString(), "--seed", "5", "--dtype", "f32", "--out", hf.toString());
        try (Model fromHf = Model.load(hf); Model fromGguf = Model.load(a)) {
            String text = "Hello world, this is a test.";
            assertThat(fromHf.tokenizer().encode(text)).containsExactly(fromGguf.tokenizer().encode(text));
            // Same seed, same values: the Q8_0 file holds the F32 weights to within Q8_0 rounding.
            float[] x = fromHf.weights().tensors().get("blk.1.ffn_up.weight").toFloatArray();
            float[] y = fromGguf.weights().tensors().get("blk.1.ffn_up.weight").toFloatArray();
            for (int i = 0; i < x.length; i++) {
                assertThat(Math.abs(x[i] - y[i])).isLessThan(0.001f);
            }
            assertThat(fromHf.weights().tensors().get("blk.0.attn_norm.weight").toFloatArray()).containsOnly(1f);
            assertThat(fromHf.weights().tensors().get("blk.0.attn_q.bias").toFloatArray()).containsOnly(0f);
        }
    }

    @Test
    void initKnowsThePublishedShapes() throws IOException {
        CliRun help = ok("init", "--help");
        assertThat(help.out()).contains("phi-1.5").contains("0.02");
        CliRun bad = CliRun.run("init", "--arch", "phi-3", "--out", dir.resolve("x.gguf").toString());
        assertThat(bad.exitCode()).isEqualTo(2);
        assertThat(bad.err().strip()).isEqualTo("phi: unknown --arch 'phi-3'; choose phi-2, phi-1.5 or phi-1");
    }

    @Test
    void everyCommandHasHelpWithExamples() {
        CommandLine root = Main.newCommandLine();
        for (String name : root.getSubcommands().keySet()) {
            if (name.equals("help")) {
                continue;
            }
            CliRun r = CliRun.run(name, "--help");
            assertThat(r.exitCode()).as(name).isZero();
            assertThat(r.out()).as(name).contains("Examples:").contains("phi " + name);
        }
        assertThat(ok("--help").out()).contains("Examples:").contains("Exit codes");
    }

    @Test
    void completionScriptCoversEveryCommand() {
        String script = ok("completion").out();
        assertThat(script).contains("complete -F").contains("_picocli_phi");
        for (String name : new String[] {"chat", "generate", "convert", "quantize", "init", "score", "info"}) {
            assertThat(script).contains(name);
        }
        assertThat(script).contains("--template").contains("--allow-requantize");
    }

    @Test
    void versionNamesTheJvm() {
        assertThat(ok("--version").out()).startsWith("phi4j ").contains("JVM:");
    }
}
