package io.phi4j.train.data;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.phi4j.PhiException;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * The documents of input files for tokenization: a plain-text or Markdown file is one document; a JSON Lines
 * file ({@code .jsonl}, {@code .ndjson}) has one document per non-blank line, the string value of a field
 * ({@code text} by default) of the object on that line. Directories are walked (sorted, so the order is
 * reproducible) for JSON Lines files and the plain-text extensions of {@link #TEXT_EXTENSIONS} (prose, Markdown
 * and source code: a code file is one document, as in Phi-1's data). Input must be UTF-8.
 */
public final class DocumentReader {
    /** One text document larger than this is refused rather than risking the heap. */
    static final long MAX_DOCUMENT_BYTES = 512L << 20;
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final String field;

    public DocumentReader(String field) {
        this.field = field;
    }

    /** The files that {@code inputs} name, directories expanded. */
    public static List<Path> expand(List<Path> inputs) {
        List<Path> files = new ArrayList<>();
        for (Path in : inputs) {
            if (Files.isDirectory(in)) {
                try (Stream<Path> walk = Files.walk(in)) {
                    walk.filter(Files::isRegularFile).filter(DocumentReader::isKnownExtension).sorted().forEach(files::add);
                } catch (IOException e) {
                    throw new PhiException(in + ": cannot list: " + e.getMessage(), e);
                }
            } else if (Files.isRegularFile(in)) {
                files.add(in);
            } else {
                throw new PhiException(in + ": file not found");
            }
        }
        if (files.isEmpty()) {
            throw new PhiException("no input files (directories are searched for .txt, .md, .jsonl, .py, .java and other text files)");
        }
        return files;
    }

    /** Plain-text extensions picked up inside directories: prose, Markdown, reStructuredText and source code. */
    static final java.util.Set<String> TEXT_EXTENSIONS = java.util.Set.of("txt", "text", "md", "markdown", "rst",
            "py", "java", "js", "ts", "c", "h", "cc", "cpp", "hpp", "rs", "go", "rb", "sh");

    static boolean isKnownExtension(Path p) {
        String n = p.getFileName().toString().toLowerCase(Locale.ROOT);
        int dot = n.lastIndexOf('.');
        return isJsonl(p) || (dot >= 0 && TEXT_EXTENSIONS.contains(n.substring(dot + 1)));
    }

    static boolean isJsonl(Path p) {
        String n = p.getFileName().toString().toLowerCase(Locale.ROOT);
        return n.endsWith(".jsonl") || n.endsWith(".ndjson");
    }

    /** How many documents {@code file} holds (without decoding them). */
    public long count(Path file) {
        if (!isJsonl(file)) {
            return 1;
        }
        try (var lines = Files.lines(file, java.nio.charset.StandardCharsets.ISO_8859_1)) {
            return lines.filter(l -> !l.isBlank()).count();
        } catch (IOException | java.io.UncheckedIOException e) {
            throw new PhiException(file + ": cannot read: " + e.getMessage(), e);
        }
    }

    /** Passes every document of {@code file} to {@code sink}, in order. */
    public void read(Path file, Consumer<String> sink) {
        try {
            if (isJsonl(file)) {
                readJsonl(file, sink);
            } else {
                long size = Files.size(file);
                if (size > MAX_DOCUMENT_BYTES) {
                    throw new PhiException(file + ": " + size + " bytes is too large for one document (limit "
                            + MAX_DOCUMENT_BYTES + "); split it, or use JSON Lines with one document per line");
                }
                sink.accept(decode(file, Files.readAllBytes(file)));
            }
        } catch (NoSuchFileException e) {
            throw new PhiException(file + ": file not found");
        } catch (IOException e) {
            throw new PhiException(file + ": cannot read: " + e.getMessage(), e);
        }
    }

    private void readJsonl(Path file, Consumer<String> sink) throws IOException {
        var decoder = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        try (BufferedReader r = new BufferedReader(new java.io.InputStreamReader(Files.newInputStream(file), decoder))) {
            String line;
            long number = 0;
            while (true) {
                try {
                    line = r.readLine();
                } catch (CharacterCodingException e) {
                    throw new PhiException(file + ": line " + (number + 1) + ": not valid UTF-8");
                }
                if (line == null) {
                    break;
                }
                number++;
                if (line.isBlank()) {
                    continue;
                }
                JsonNode node;
                try {
                    node = JSON.readTree(line);
                } catch (JacksonException e) {
                    throw new PhiException(file + ": line " + number + ": not valid JSON: "
                            + e.getOriginalMessage().replaceAll("\\s+", " "));
                }
                JsonNode value = node == null || !node.isObject() ? null : node.get(field);
                if (value == null || !value.isTextual()) {
                    throw new PhiException(file + ": line " + number + ": no string field \"" + field
                            + "\" (choose the field with --field)");
                }
                sink.accept(value.textValue());
            }
        }
    }

    private static String decode(Path file, byte[] bytes) {
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(java.nio.ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw new PhiException(file + ": not valid UTF-8 text");
        }
    }
}
