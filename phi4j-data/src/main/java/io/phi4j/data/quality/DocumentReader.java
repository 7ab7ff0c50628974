package io.phi4j.data.quality;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.phi4j.PhiException;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.NoSuchElementException;

/**
 * Streams documents from a JSONL file, one object a line with at least {@code "id"} and a string {@code "text"};
 * blank lines are skipped. Errors name the file and line. Memory stays one line, whatever the file size.
 */
public final class DocumentReader implements Iterator<Document>, AutoCloseable {
    static final ObjectMapper JSON = new ObjectMapper();

    private final Path file;
    private final BufferedReader in;
    private long lineNo;
    private Document next;

    public DocumentReader(Path file) {
        this.file = file;
        try {
            this.in = Files.newBufferedReader(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new PhiException(file + ": no such file");
        } catch (IOException e) {
            throw new PhiException(file + ": cannot read: " + e.getMessage(), e);
        }
    }

    @Override
    public boolean hasNext() {
        if (next != null) {
            return true;
        }
        try {
            String line;
            while ((line = in.readLine()) != null) {
                lineNo++;
                if (!line.isBlank()) {
                    next = parse(line, file + ": line " + lineNo, lineNo);
                    return true;
                }
            }
            return false;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public Document next() {
        if (!hasNext()) {
            throw new NoSuchElementException();
        }
        Document d = next;
        next = null;
        return d;
    }

    /** Parses one line; {@code where} names it in errors. */
    public static Document parse(String line, String where, long lineNo) {
        JsonNode n;
        try {
            n = JSON.readTree(line);
        } catch (IOException e) {
            throw new PhiException(where + ": not a JSON object");
        }
        if (n == null || !n.isObject()) {
            throw new PhiException(where + ": not a JSON object");
        }
        JsonNode id = n.get("id");
        if (id == null || !(id.isTextual() || id.isIntegralNumber())) {
            throw new PhiException(where + ": no \"id\" (a string or an integer)");
        }
        JsonNode text = n.get("text");
        if (text == null || !text.isTextual()) {
            throw new PhiException(where + ": no \"text\" string");
        }
        return new Document(lineNo, id.asText(), text.asText(), (ObjectNode) n);
    }

    @Override
    public void close() {
        try {
            in.close();
        } catch (IOException e) {
            throw new PhiException(file + ": cannot close: " + e.getMessage(), e);
        }
    }
}
