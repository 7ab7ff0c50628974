package io.phi4j.data.curate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.phi4j.PhiException;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * Turns input files into normalised documents {@code {"id", "source", "text", …}}: a text, Markdown or source
 * file is one document (or several, split on {@link IngestOptions#separator}); an HTML file is its visible text
 * ({@link HtmlText}); a JSON Lines file has one per line (text in {@link IngestOptions#field}, other fields passed
 * through); a Parquet file one per row ({@link ParquetDocuments}). {@code .gz} and {@code .zst} are decompressed.
 * Directories are walked in sorted order, so ids and output order are reproducible. Ids are
 * {@code source/relative-path} for whole files and {@code source/relative-path#n} for the n-th record of a file.
 */
public final class Ingester {
    static final Set<String> TEXT = Set.of("txt", "text", "md", "markdown", "rst", "py", "java", "c", "h", "cpp",
            "js", "ts", "go", "rs", "sh", "tex", "org", "adoc");
    static final Set<String> HTML = Set.of("html", "htm", "xhtml");
    static final Set<String> JSONL = Set.of("jsonl", "ndjson");
    static final Set<String> PARQUET = Set.of("parquet");
    /** A single text document larger than this is refused rather than risking the heap. */
    static final long MAX_DOCUMENT_CHARS = 256L << 20;

    private final IngestOptions options;
    private long documents;
    private long empty;
    private long files;
    private long latin1;

    public Ingester(IngestOptions options) {
        this.options = options;
    }

    /** A file to read and the names that its documents' ids and source are made from. */
    public record InputFile(Path path, String source, String relative) {
    }

    /** The files of {@code inputs}, directories expanded (sorted) to files of a known format. */
    public List<InputFile> files(List<Path> inputs) {
        List<InputFile> out = new ArrayList<>();
        for (Path in : inputs) {
            String source = options.source() != null ? options.source() : stripExtensions(in.getFileName() == null
                    ? in.toString() : in.getFileName().toString());
            if (Files.isDirectory(in)) {
                try (Stream<Path> walk = Files.walk(in)) {
                    walk.filter(Files::isRegularFile).filter(Ingester::isKnown).sorted()
                            .forEach(p -> out.add(new InputFile(p, source, in.relativize(p).toString().replace('\\', '/'))));
                } catch (IOException e) {
                    throw new PhiException(in + ": cannot list: " + e.getMessage(), e);
                }
            } else if (Files.isRegularFile(in)) {
                out.add(new InputFile(in, source, in.getFileName().toString()));
            } else {
                throw new PhiException(in + ": file not found");
            }
        }
        return out;
    }

    static boolean isKnown(Path p) {
        String ext = CompressedFiles.extension(p);
        return TEXT.contains(ext) || HTML.contains(ext) || JSONL.contains(ext) || PARQUET.contains(ext);
    }

    private static String stripExtensions(String name) {
        String b = CompressedFiles.baseName(Path.of(name));
        int dot = b.lastIndexOf('.');
        return dot > 0 ? b.substring(0, dot) : b;
    }

    /** Reads every document of {@code inputs}, in order, into {@code sink}; returns the number written. */
    public long run(List<Path> inputs, Consumer<ObjectNode> sink) {
        for (InputFile f : files(inputs)) {
            read(f, sink);
        }
        return documents;
    }

    public void read(InputFile f, Consumer<ObjectNode> sink) {
        files++;
        String ext = CompressedFiles.extension(f.path());
        String idBase = f.source() + "/" + f.relative();
        if (JSONL.contains(ext)) {
            readJsonl(f, idBase, sink);
        } else if (PARQUET.contains(ext)) {
            ParquetDocuments.read(f.path(), options.field(), (n, fields) -> emit(idBase + "#" + n, f.source(), fields, sink));
        } else {
            String raw = CompressedFiles.readText(f.path(), MAX_DOCUMENT_CHARS, () -> latin1++);
            if (HTML.contains(ext)) {
                raw = HtmlText.extract(raw);
            }
            String sep = options.separator();
            if (sep == null || sep.isEmpty()) {
                emit(idBase, f.source(), textRecord(raw), sink);
            } else {
                int n = 0;
                for (String part : raw.replace("\r\n", "\n").split(java.util.regex.Pattern.quote(sep), -1)) {
                    if (!part.isBlank()) {
                        n++;
                        // the separator usually sits on its own line: drop the blank lines it leaves
                        emit(idBase + "#" + n, f.source(), textRecord(part.replaceFirst("^\\s*\n", "")), sink);
                    }
                }
            }
        }
    }

    private void readJsonl(InputFile f, String idBase, Consumer<ObjectNode> sink) {
        long n = 0;
        try (JsonlReader r = new JsonlReader(f.path())) {
            JsonlReader.Line line;
            while ((line = r.next()) != null) {
                String where = r.where(line.number());
                ObjectNode rec = Docs.parse(line.text(), where);
                JsonNode t = rec.get(options.field());
                if (t == null || !t.isTextual()) {
                    throw new PhiException(where + ": no string field \"" + options.field() + "\"");
                }
                n++;
                emit(idBase + "#" + n, f.source(), rec, sink);
            }
        }
    }

    private ObjectNode textRecord(String text) {
        ObjectNode rec = Docs.newDoc();
        rec.put(options.field(), text);
        return rec;
    }

    /** Builds the output document: id, source, normalised text, then the record's other fields. */
    void emit(String id, String source, ObjectNode rec, Consumer<ObjectNode> sink) {
        String text = TextNormalizer.normalize(rec.get(options.field()).asText());
        if (text.isBlank()) {
            empty++;
            return;
        }
        ObjectNode doc = Docs.newDoc();
        doc.put(Docs.ID, id);
        doc.put(Docs.SOURCE, source);
        doc.put(Docs.TEXT, text);
        for (Map.Entry<String, JsonNode> e : rec.properties()) {
            String k = e.getKey();
            if (k.equals(options.field())) {
                continue;
            }
            // an input's own id/source/text must not overwrite ours: keep them under another name
            doc.set(k.equals(Docs.ID) || k.equals(Docs.SOURCE) || k.equals(Docs.TEXT) ? "orig_" + k : k, e.getValue());
        }
        documents++;
        sink.accept(doc);
    }

    public long documents() {
        return documents;
    }

    /** Documents skipped because their text was empty after extraction. */
    public long empty() {
        return empty;
    }

    /** Text files read as ISO-8859-1 because they were not valid UTF-8. */
    public long latin1Files() {
        return latin1;
    }

    public long filesRead() {
        return files;
    }
}
