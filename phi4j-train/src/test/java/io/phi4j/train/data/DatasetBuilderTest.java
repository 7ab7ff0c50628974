package io.phi4j.train.data;

import io.phi4j.PhiException;
import io.phi4j.kernel.WorkerPool;
import io.phi4j.tokenizer.Tokenizer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** {@code phi data tokenize}: documents, separators, the validation split, windows. */
class DatasetBuilderTest {
    static Path tokenizer() {
        String root = System.getProperty("phi4j.root");
        return (root != null ? Path.of(root) : Path.of("..")).resolve("phi4j-core/src/main/resources/io/phi4j/tokenizer/phi-2")
                .toAbsolutePath().normalize();
    }

    static Path byteTokenizer() {
        return io.phi4j.testing.Fixtures.resource("byte-tokenizer");
    }

    @Test
    void textMarkdownAndJsonLinesBecomeEosSeparatedDocuments(@TempDir Path tmp) throws Exception {
        Path in = Files.createDirectories(tmp.resolve("in"));
        Files.writeString(in.resolve("a.txt"), "Hello world.");
        Files.writeString(in.resolve("b.md"), "# Title\n\nSome *markdown*.");
        Files.writeString(in.resolve("c.jsonl"), "{\"text\": \"first line\"}\n\n{\"text\": \"second <|endoftext|> line\", \"id\": 2}\n");
        Files.writeString(in.resolve("ignored.bin"), "not read: unknown extension inside a directory");
        Path out = tmp.resolve("out");
        DatasetBuilder.Summary s = new DatasetBuilder(tokenizer(), out).valFraction(0).build(List.of(in), new WorkerPool(1));
        assertThat(s.files()).isEqualTo(3);
        assertThat(s.trainDocuments()).isEqualTo(4);
        assertThat(s.valDocuments()).isZero();
        Tokenizer tok = DatasetBuilder.loadTokenizer(tokenizer());
        List<Integer> expected = new ArrayList<>();
        for (String doc : new String[] {"Hello world.", "# Title\n\nSome *markdown*.", "first line", "second <|endoftext|> line"}) {
            for (int id : tok.encode(doc, false)) {
                expected.add(id);
            }
            expected.add(50256);
        }
        try (TokenDataset d = TokenDataset.open(out)) {
            assertThat(d.eosId()).isEqualTo(50256);
            assertThat(d.trainTokens()).isEqualTo(expected.size());
            assertThat(d.tokenizerDir()).isNotNull();
            assertThat(d.tokenizerDir().resolve("tokenizer.json")).exists();
        }
        try (TokenShard shard = TokenShard.open(out.resolve("train-00000.tok"))) {
            int[] ids = new int[expected.size()];
            shard.read(0, ids.length, ids, 0);
            assertThat(ids).containsExactly(expected.stream().mapToInt(Integer::intValue).toArray());
        }
        assertThat(out.resolve("dataset.json")).content().contains("\"phi4j-token-shards\"");
    }

    @Test
    void validationSplitIsSeededAndNeverEmpty(@TempDir Path tmp) throws Exception {
        StringBuilder jsonl = new StringBuilder();
        for (int i = 0; i < 200; i++) {
            jsonl.append("{\"body\": \"document number ").append(i).append("\"}\n");
        }
        Path f = Files.writeString(tmp.resolve("docs.jsonl"), jsonl);
        DatasetBuilder.Summary a = new DatasetBuilder(byteTokenizer(), tmp.resolve("a")).field("body").valFraction(0.1).seed(3)
                .build(List.of(f), new WorkerPool(2));
        DatasetBuilder.Summary b = new DatasetBuilder(byteTokenizer(), tmp.resolve("b")).field("body").valFraction(0.1).seed(3)
                .build(List.of(f), new WorkerPool(1));
        assertThat(a).isEqualTo(b);
        assertThat(Files.readAllBytes(tmp.resolve("a/val-00000.tok"))).isEqualTo(Files.readAllBytes(tmp.resolve("b/val-00000.tok")));
        assertThat(a.valDocuments()).isBetween(8L, 35L);
        assertThat(a.trainDocuments() + a.valDocuments()).isEqualTo(200);
        // one document: its tail is held out
        Path one = Files.writeString(tmp.resolve("one.txt"), "word ".repeat(80)); // 400 bytes = 400 tokens
        DatasetBuilder.Summary c = new DatasetBuilder(byteTokenizer(), tmp.resolve("c")).valFraction(0.25).build(List.of(one), new WorkerPool(1));
        assertThat(c.valTokens()).isEqualTo(100 + 1);
        assertThat(c.trainTokens()).isEqualTo(300 + 1);
    }

    @Test
    void badInputIsReportedWithFileAndLine(@TempDir Path tmp) throws Exception {
        Path bad = Files.writeString(tmp.resolve("x.jsonl"), "{\"text\": \"ok\"}\n{\"content\": \"no text field\"}\n");
        assertThatThrownBy(() -> new DatasetBuilder(byteTokenizer(), tmp.resolve("o")).build(List.of(bad), new WorkerPool(1)))
                .isInstanceOf(PhiException.class).hasMessageContaining("x.jsonl: line 2: no string field \"text\"");
        Path broken = Files.writeString(tmp.resolve("y.jsonl"), "{not json\n");
        assertThatThrownBy(() -> new DatasetBuilder(byteTokenizer(), tmp.resolve("o")).build(List.of(broken), new WorkerPool(1)))
                .isInstanceOf(PhiException.class).hasMessageContaining("y.jsonl: line 1: not valid JSON");
        Path latin1 = Files.write(tmp.resolve("z.txt"), new byte[] {'c', 'a', 'f', (byte) 0xE9});
        assertThatThrownBy(() -> new DatasetBuilder(byteTokenizer(), tmp.resolve("o")).build(List.of(latin1), new WorkerPool(1)))
                .isInstanceOf(PhiException.class).hasMessageContaining("not valid UTF-8");
        assertThatThrownBy(() -> new DatasetBuilder(byteTokenizer(), tmp.resolve("o")).build(List.of(tmp.resolve("nope.txt")), new WorkerPool(1)))
                .isInstanceOf(PhiException.class).hasMessageContaining("file not found");
    }

    @Test
    void trainingWindowsAreAPureFunctionOfSeedAndStep(@TempDir Path tmp) {
        int[] a = new int[5000];
        for (int i = 0; i < a.length; i++) {
            a[i] = i % 97;
        }
        TokenShard.write(tmp.resolve("train-00000.tok"), a, 3000, 100, 0, 1);
        TokenShard.write(tmp.resolve("train-00001.tok"), java.util.Arrays.copyOfRange(a, 3000, 5000), 2000, 100, 0, 1);
        TokenShard.write(tmp.resolve("val-00000.tok"), a, 300, 100, 0, 1);
        try (TokenDataset d = TokenDataset.open(tmp)) {
            int[] x1 = new int[4 * 16], y1 = new int[4 * 16], x2 = new int[4 * 16], y2 = new int[4 * 16];
            d.trainBatch(5, 10, 0, 4, 16, x1, y1);
            d.trainBatch(5, 10, 0, 4, 16, x2, y2);
            assertThat(x1).isEqualTo(x2);
            d.trainBatch(5, 11, 0, 4, 16, x2, y2);
            assertThat(x1).isNotEqualTo(x2);
            for (int b = 0; b < 4; b++) {
                for (int t = 0; t < 16; t++) {
                    // a window of consecutive tokens; targets are the inputs shifted by one
                    assertThat(y1[b * 16 + t]).isEqualTo((x1[b * 16 + t] + 1) % 97);
                }
            }
            assertThat(d.valWindows(16)).isEqualTo(299 / 16);
            d.valWindow(0, 16, x1, y1, 0);
            assertThat(x1[0]).isEqualTo(0);
            assertThat(y1[15]).isEqualTo(16);
        }
    }
}
