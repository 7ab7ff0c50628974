package io.phi4j.cli;

import io.phi4j.format.gguf.GgufFile;
import io.phi4j.format.gguf.GgufValue;
import io.phi4j.format.gguf.GgufWriter;
import io.phi4j.tensor.Tensor;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Every kind of bad input gives exit code 2 and one line that names the problem, never a stack trace. */
class CliErrorsTest {
    @TempDir
    static Path dir;
    static Path model;

    @BeforeAll
    static void setUp() throws IOException {
        model = TestModels.copy(TestModels.SMALL, dir);
    }

    private static void assertOneLineError(CliRun r, String... fragments) {
        assertThat(r.exitCode()).as("exit code; stderr: %s", r.err()).isEqualTo(2);
        String err = r.err().strip();
        assertThat(err.lines().count()).as("one line: %s", err).isEqualTo(1);
        assertThat(err).startsWith("phi: ").doesNotContain("Exception").doesNotContain("\tat ");
        for (String f : fragments) {
            assertThat(err).containsIgnoringCase(f);
        }
    }

    private static CliRun score(Path m) {
        return CliRun.run("score", "-m", m.toString(), "--text", "hello world", "--json");
    }

    private static Path write(String name, byte[] bytes) throws IOException {
        Path p = dir.resolve(name);
        Files.write(p, bytes);
        return p;
    }

    @Test
    void missingModel() {
        assertOneLineError(CliRun.run("score", "-m", dir.resolve("nope.gguf").toString(), "--text", "x"), "not found");
    }

    @Test
    void truncatedFile() throws IOException {
        byte[] full = Files.readAllBytes(model);
        for (int cut : new int[] {3, 20, 200, full.length / 2, full.length - 1}) {
            assertOneLineError(score(write("cut" + cut + ".gguf", Arrays.copyOf(full, cut))), "small-phi2".isEmpty() ? "" : "cut" + cut);
        }
    }

    @Test
    void wrongMagic() throws IOException {
        byte[] b = Files.readAllBytes(model);
        b[3] = 'X';
        assertOneLineError(score(write("magic.gguf", b)), "magic");
    }

    @Test
    void notAModelAtAll() throws IOException {
        assertOneLineError(score(write("notes.txt", "just text".getBytes(StandardCharsets.UTF_8))), "not a GGUF");
    }

    /** A minimal GGUF v3 with one F32 tensor whose header fields we choose. */
    private static byte[] crafted(String arch, long[] dims, int type, long offset) {
        ByteBuffer b = ByteBuffer.allocate(4096).order(ByteOrder.LITTLE_ENDIAN);
        b.put("GGUF".getBytes(StandardCharsets.US_ASCII)).putInt(3).putLong(1).putLong(1);
        putString(b, "general.architecture");
        b.putInt(8);
        putString(b, arch);
        putString(b, "token_embd.weight");
        b.putInt(dims.length);
        for (long d : dims) {
            b.putLong(d);
        }
        b.putInt(type).putLong(offset);
        while (b.position() % 32 != 0) {
            b.put((byte) 0);
        }
        b.put(new byte[64]);
        return Arrays.copyOf(b.array(), b.position());
    }

    private static void putString(ByteBuffer b, String s) {
        byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
        b.putLong(bytes.length).put(bytes);
    }

    @Test
    void offsetsPastTheEnd() throws IOException {
        assertOneLineError(score(write("offset.gguf", crafted("phi2", new long[] {4, 4}, 0, 1L << 30))), "token_embd.weight");
    }

    @Test
    void absurdDimensions() throws IOException {
        assertOneLineError(score(write("dims.gguf", crafted("phi2", new long[] {1L << 40, 1L << 40}, 0, 0))), "token_embd.weight");
    }

    @Test
    void unknownTensorType() throws IOException {
        assertOneLineError(score(write("dtype.gguf", crafted("phi2", new long[] {4, 4}, 99, 0))), "type");
    }

    /** Rewrites the small model with changed metadata. */
    private static Path rewrite(String name, java.util.function.Consumer<Map<String, GgufValue>> edit) throws IOException {
        Path out = dir.resolve(name);
        try (Arena arena = Arena.ofConfined()) {
            GgufFile g = GgufFile.open(model, arena);
            Map<String, GgufValue> meta = new LinkedHashMap<>(g.metadata());
            edit.accept(meta);
            List<Tensor> tensors = new ArrayList<>(g.tensors());
            GgufWriter.write(out, meta, tensors);
        }
        return out;
    }

    @Test
    void unknownArchitecture() throws IOException {
        Path p = rewrite("llama.gguf", m -> m.put("general.architecture", GgufValue.string("llama")));
        assertOneLineError(score(p), "architecture", "llama");
    }

    @Test
    void missingTokenizer() throws IOException {
        Path p = rewrite("notok.gguf", m -> m.keySet().removeIf(k -> k.startsWith("tokenizer.")));
        assertOneLineError(score(p), "tokenizer");
        // A model without a tokenizer still answers `info`.
        assertThat(CliRun.run("info", "-m", p.toString()).exitCode()).isZero();
    }

    @Test
    void missingTensor() throws IOException {
        Path out = dir.resolve("missing-tensor.gguf");
        try (Arena arena = Arena.ofConfined()) {
            GgufFile g = GgufFile.open(model, arena);
            List<Tensor> tensors = new ArrayList<>(g.tensors());
            tensors.removeIf(t -> t.name().equals("blk.1.ffn_down.weight"));
            GgufWriter.write(out, g.metadata(), tensors);
        }
        assertOneLineError(score(out), "blk.1.ffn_down.weight");
    }

    @Test
    void promptLongerThanTheContext() {
        String prompt = "one two three four five six seven eight nine ten eleven twelve";
        assertOneLineError(CliRun.run("generate", "-m", model.toString(), "--ctx", "8", prompt), "context");
        assertOneLineError(CliRun.run("score", "-m", model.toString(), "--ctx", "4", "--text", prompt), "context");
        assertOneLineError(CliRun.run("generate", "-m", model.toString(), "--ctx", "100000", prompt), "context");
    }

    @Test
    void badArguments() {
        assertOneLineErrorOrUsage(CliRun.run("generate", "-m", model.toString(), "--temperature", "warm", "x"));
        assertOneLineError(CliRun.run("generate", "-m", model.toString(), "--top-p", "2", "x"), "top-p");
        assertOneLineErrorOrUsage(CliRun.run("frobnicate"));
    }

    private static void assertOneLineErrorOrUsage(CliRun r) {
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).startsWith("phi: ").doesNotContain("\tat ");
    }

    @Test
    void fileThatIsNotUtf8() throws IOException {
        Path f = write("latin1.txt", new byte[] {'c', 'a', 'f', (byte) 0xE9});
        assertOneLineError(CliRun.run("score", "-m", model.toString(), "--file", f.toString()), "UTF-8");
    }

    @Test
    void noModelGiven() {
        // PHI_MODEL is not set in the test environment.
        assertOneLineError(CliRun.run("score", "--text", "x"), "--model");
    }

    @Test
    void perplexityNeedsTwoContextsOfText() {
        assertOneLineError(CliRun.run("score", "-m", model.toString(), "--ppl", "--ctx", "64", "--text", "short text"), "at least 128 tokens");
    }

    @SuppressWarnings("unused")
    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }
}
