package io.phi4j.cli;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** Every bad input to convert, quantize, init and chat: exit code 2 and one line naming the problem. */
class ConvertErrorsTest {
    @TempDir
    static Path dir;
    static Path gguf;
    static Path hf;

    @BeforeAll
    static void setUp() throws IOException {
        gguf = TestModels.copy("reference/small-phi2/small-phi2-F16.gguf", dir);
        hf = dir.resolve("hf");
        assertThat(CliRun.run("convert", gguf.toString(), hf.toString(), "-q").exitCode()).isZero();
    }

    private static void oneLine(CliRun r, String... fragments) {
        assertThat(r.exitCode()).as("exit code; stderr: %s", r.err()).isEqualTo(2);
        String err = r.err().strip();
        assertThat(err.lines().count()).as("one line: %s", err).isEqualTo(1);
        assertThat(err).startsWith("phi: ").doesNotContain("Exception").doesNotContain("\tat ");
        for (String f : fragments) {
            assertThat(err).contains(f);
        }
        assertThat(r.out()).isEmpty();
    }

    @Test
    void convert() throws IOException {
        oneLine(CliRun.run("convert", dir.resolve("nope").toString(), dir.resolve("x.gguf").toString()), "model not found");
        oneLine(CliRun.run("convert", hf.toString(), dir.resolve("x.gguf").toString(), "--type", "q3_k"),
                "unknown type 'q3_k'", "q4_k");
        oneLine(CliRun.run("convert", gguf.toString(), dir.resolve("out").toString(), "--type", "q4_0"),
                "stores f32, f16 or bf16, not q4_0");
        oneLine(CliRun.run("convert", gguf.toString(), dir.resolve("out").toString(), "--pure"), "--pure");
        oneLine(CliRun.run("convert", hf.toString(), dir.toString()), "is a directory");
        oneLine(CliRun.run("convert", hf.toString(), dir.resolve("y.gguf").toString(), "--tokenizer", hf.toString()),
                "--tokenizer");
        Path notes = dir.resolve("notes.txt");
        Files.writeString(notes, "hello");
        oneLine(CliRun.run("convert", gguf.toString(), notes.toString()), "is a file");
        Path noTokenizer = dir.resolve("no-tokenizer");
        Files.createDirectories(noTokenizer);
        Files.copy(hf.resolve("config.json"), noTokenizer.resolve("config.json"));
        Files.copy(hf.resolve("model.safetensors"), noTokenizer.resolve("model.safetensors"));
        oneLine(CliRun.run("convert", noTokenizer.toString(), dir.resolve("z.gguf").toString()), "tokenizer");
        Path noWeights = dir.resolve("no-weights");
        Files.createDirectories(noWeights);
        Files.copy(hf.resolve("config.json"), noWeights.resolve("config.json"));
        oneLine(CliRun.run("convert", noWeights.toString(), dir.resolve("w.gguf").toString()), "no model weights");
        assertThat(dir.resolve("z.gguf")).doesNotExist();
        assertThat(dir.resolve("z.gguf.tmp")).doesNotExist();
    }

    @Test
    void quantize() {
        oneLine(CliRun.run("quantize", gguf.toString(), gguf.toString(), "-t", "q4_0"), "another file than the input");
        oneLine(CliRun.run("quantize", gguf.toString(), dir.toString(), "-t", "q4_0"), "is a directory");
        oneLine(CliRun.run("quantize", gguf.toString(), dir.resolve("q.gguf").toString(), "-t", "iq2_xs"), "unknown type");
        CliRun missingType = CliRun.run("quantize", gguf.toString(), dir.resolve("q.gguf").toString());
        assertThat(missingType.exitCode()).isEqualTo(2);
        assertThat(missingType.err()).startsWith("phi: Missing required option: '--type=TYPE'");
    }

    @Test
    void init() throws IOException {
        oneLine(CliRun.run("init", "--dtype", "q4_0", "--out", dir.resolve("init-dir").toString()),
                "a Hugging Face directory stores f32, f16 or bf16 weights, not q4_0");
        oneLine(CliRun.run("init", "--config", dir.resolve("missing.json").toString(), "--out", dir.resolve("i.gguf").toString()),
                "config not found");
        Path small = dir.resolve("small-vocab.json");
        Files.writeString(small, "{\"model_type\": \"phi\", \"hidden_size\": 64, \"intermediate_size\": 256, "
                + "\"num_hidden_layers\": 1, \"num_attention_heads\": 4, \"vocab_size\": 1000}");
        oneLine(CliRun.run("init", "--config", small.toString(), "--out", dir.resolve("i.gguf").toString()),
                "the tokenizer has 50295 tokens but the model's vocab_size is 1000");
        oneLine(CliRun.run("init", "--dtype", "f8", "--out", dir.resolve("i.gguf").toString()), "unknown type 'f8'");
        Path bad = dir.resolve("bad.json");
        Files.writeString(bad, "{\"model_type\": \"phi\", \"hidden_size\": 60, \"num_attention_heads\": 7}");
        oneLine(CliRun.run("init", "--config", bad.toString(), "--out", dir.resolve("i.gguf").toString()), "hidden_size 60");
        assertThat(dir.resolve("i.gguf")).doesNotExist();
    }
}
