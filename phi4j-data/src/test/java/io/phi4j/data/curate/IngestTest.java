package io.phi4j.data.curate;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.airlift.compress.zstd.ZstdOutputStream;
import io.phi4j.PhiException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPOutputStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class IngestTest {
    private static List<ObjectNode> ingest(IngestOptions o, Path... inputs) {
        List<ObjectNode> docs = new ArrayList<>();
        new Ingester(o).run(List.of(inputs), docs::add);
        return docs;
    }

    private static Path resource(String name) {
        return Path.of("src/test/resources/curate", name);
    }

    @Test
    void textFileIsOneNormalisedDocument(@TempDir Path dir) throws IOException {
        Path f = dir.resolve("note.txt");
        // decomposed é (e + U+0301), CRLF line endings, a BOM and trailing blank lines
        Files.writeString(f, "\uFEFFCafe\u0301 menu\r\nline two\r\n\r\n");
        List<ObjectNode> docs = ingest(IngestOptions.DEFAULTS, f);
        assertThat(docs).hasSize(1);
        assertThat(Docs.write(docs.getFirst())).isEqualTo("{\"id\":\"note/note.txt\",\"source\":\"note\",\"text\":\"Caf\u00e9 menu\\nline two\"}");
    }

    @Test
    void separatorSplitsATextFileAndSourceNamesIt(@TempDir Path dir) throws IOException {
        Path f = dir.resolve("many.md");
        Files.writeString(f, "# One\nfirst\n<|sep|>\n# Two\nsecond\n<|sep|>\n\n");
        List<ObjectNode> docs = ingest(new IngestOptions("text", "books", "<|sep|>"), f);
        assertThat(docs).extracting(d -> d.get("id").asText()).containsExactly("books/many.md#1", "books/many.md#2");
        assertThat(docs).extracting(d -> d.get("text").asText()).containsExactly("# One\nfirst", "# Two\nsecond");
        assertThat(docs).allSatisfy(d -> assertThat(d.get("source").asText()).isEqualTo("books"));
    }

    @Test
    void htmlKeepsVisibleTextOnly(@TempDir Path dir) throws IOException {
        Path f = dir.resolve("page.html");
        Files.writeString(f, "<!DOCTYPE html><html><head><title>T&amp;C</title><style>p{color:red}</style>"
                + "<script>var x = '<p>not text</p>';</script></head><body><!-- hidden -->"
                + "<p>Fish &amp; chips cost &pound;5 &#8211; or &#x20AC;6.</p><p>Second\n   paragraph</p>"
                + "<ul><li>one</li><li>two</li></ul></body></html>");
        List<ObjectNode> docs = ingest(IngestOptions.DEFAULTS, f);
        assertThat(docs.getFirst().get("text").asText())
                .isEqualTo("T&C\n\nFish & chips cost £5 – or €6.\n\nSecond paragraph\n\none\ntwo");
    }

    @Test
    void jsonlUsesTheFieldAndPassesOtherFieldsThrough(@TempDir Path dir) throws IOException {
        Path f = dir.resolve("web.jsonl");
        Files.writeString(f, "{\"content\":\"alpha\",\"url\":\"u1\",\"id\":\"x\"}\n\n{\"content\":\"beta\",\"lang\":\"en\",\"n\":2}\n");
        List<ObjectNode> docs = ingest(new IngestOptions("content", null, null), f);
        assertThat(docs).extracting(Docs::write).containsExactly(
                "{\"id\":\"web/web.jsonl#1\",\"source\":\"web\",\"text\":\"alpha\",\"url\":\"u1\",\"orig_id\":\"x\"}",
                "{\"id\":\"web/web.jsonl#2\",\"source\":\"web\",\"text\":\"beta\",\"lang\":\"en\",\"n\":2}");
    }

    @Test
    void gzipAndZstdAreReadTransparently(@TempDir Path dir) throws IOException {
        Path gz = dir.resolve("a.jsonl.gz");
        try (OutputStream o = new GZIPOutputStream(Files.newOutputStream(gz))) {
            o.write("{\"text\":\"from gzip\"}\n".getBytes(StandardCharsets.UTF_8));
        }
        Path zst = dir.resolve("b.txt.zst");
        try (OutputStream o = new ZstdOutputStream(Files.newOutputStream(zst))) {
            o.write("from zstd ".repeat(1000).getBytes(StandardCharsets.UTF_8));
        }
        List<ObjectNode> docs = ingest(IngestOptions.DEFAULTS, gz, zst);
        assertThat(docs.get(0).get("id").asText()).isEqualTo("a/a.jsonl.gz#1");
        assertThat(docs.get(0).get("text").asText()).isEqualTo("from gzip");
        assertThat(docs.get(1).get("id").asText()).isEqualTo("b/b.txt.zst");
        assertThat(docs.get(1).get("text").asText()).isEqualTo("from zstd ".repeat(1000).strip());
    }

    @Test
    void parquetRowsBecomeDocumentsWithTheirColumns() {
        for (String f : List.of("docs-snappy.parquet", "docs-gzip.parquet")) {
            List<ObjectNode> docs = ingest(new IngestOptions("content", "pq", null), resource(f));
            // the null row is skipped; other columns pass through with their types
            assertThat(docs).extracting(Docs::write).as(f).containsExactly(
                    "{\"id\":\"pq/" + f + "#1\",\"source\":\"pq\",\"text\":\"First row of the Parquet fixture.\",\"url\":\"https://example.org/1\",\"score\":0.5,\"n\":1}",
                    "{\"id\":\"pq/" + f + "#3\",\"source\":\"pq\",\"text\":\"Third row, caf\u00e9 au lait.\",\"url\":\"https://example.org/3\",\"score\":2.5,\"n\":3}");
        }
        assertThatThrownBy(() -> ingest(new IngestOptions("body", null, null), resource("docs-gzip.parquet")))
                .isInstanceOf(PhiException.class).hasMessageEndingWith("docs-gzip.parquet: no column \"body\"");
    }

    @Test
    void directoriesAreWalkedInSortedOrderWithRelativeIds(@TempDir Path dir) throws IOException {
        Files.createDirectories(dir.resolve("corpus/sub"));
        Files.writeString(dir.resolve("corpus/b.txt"), "bee");
        Files.writeString(dir.resolve("corpus/a.md"), "ay");
        Files.writeString(dir.resolve("corpus/sub/c.htm"), "<b>see</b>");
        Files.writeString(dir.resolve("corpus/skip.bin"), "binary");
        Files.writeString(dir.resolve("corpus/empty.txt"), "  \n");
        Ingester ing = new Ingester(IngestOptions.DEFAULTS);
        List<ObjectNode> docs = new ArrayList<>();
        ing.run(List.of(dir.resolve("corpus")), docs::add);
        assertThat(docs).extracting(d -> d.get("id").asText()).containsExactly("corpus/a.md", "corpus/b.txt", "corpus/sub/c.htm");
        assertThat(docs.get(2).get("text").asText()).isEqualTo("see");
        assertThat(ing.empty()).isEqualTo(1);
    }

    @Test
    void textThatIsNotUtf8IsReadAsLatin1(@TempDir Path dir) throws IOException {
        Path f = dir.resolve("old.html");
        Files.write(f, new byte[] {'<', 'p', '>', 'c', 'a', 'f', (byte) 0xE9, '<', '/', 'p', '>'});
        Ingester ing = new Ingester(IngestOptions.DEFAULTS);
        List<ObjectNode> docs = new ArrayList<>();
        ing.run(List.of(f), docs::add);
        assertThat(docs.getFirst().get("text").asText()).isEqualTo("caf\u00e9");
        assertThat(ing.latin1Files()).isEqualTo(1);
    }

    @Test
    void badInputsGiveOneLineErrorsNamingFileAndLine(@TempDir Path dir) throws IOException {
        Path f = dir.resolve("bad.jsonl");
        Files.writeString(f, "{\"text\":\"ok\"}\n{\"text\": oops}\n");
        assertThatThrownBy(() -> ingest(IngestOptions.DEFAULTS, f)).isInstanceOf(PhiException.class)
                .hasMessageStartingWith(f + ":2: malformed JSON: ").hasMessageNotContaining("\n");
        Files.writeString(f, "{\"text\":\"ok\"}\n[1,2]\n");
        assertThatThrownBy(() -> ingest(IngestOptions.DEFAULTS, f)).hasMessage(f + ":2: expected a JSON object, got array");
        Files.writeString(f, "{\"body\":\"ok\"}\n");
        assertThatThrownBy(() -> ingest(IngestOptions.DEFAULTS, f)).hasMessage(f + ":1: no string field \"text\"");
        assertThatThrownBy(() -> ingest(IngestOptions.DEFAULTS, dir.resolve("nope.txt"))).hasMessage(dir.resolve("nope.txt") + ": file not found");
    }
}
