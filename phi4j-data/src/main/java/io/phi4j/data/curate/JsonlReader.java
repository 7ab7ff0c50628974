package io.phi4j.data.curate;

import io.phi4j.PhiException;

import java.io.BufferedReader;
import java.io.Closeable;
import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.file.Path;

/**
 * Reads a JSON Lines file (optionally .gz / .zst) line by line, skipping blank lines and counting line numbers
 * so errors can say "file:line". Parsing is left to the caller (often a worker thread).
 */
public final class JsonlReader implements Closeable {
    private final Path file;
    private final BufferedReader in;
    private long lineNo;

    public JsonlReader(Path file) {
        this.file = file;
        this.in = CompressedFiles.reader(file);
    }

    /** A non-blank line and its 1-based number. */
    public record Line(String text, long number) {
    }

    /** The next non-blank line, or null at the end. */
    public Line next() {
        try {
            String s;
            while ((s = in.readLine()) != null) {
                lineNo++;
                if (!s.isBlank()) {
                    return new Line(s, lineNo);
                }
            }
            return null;
        } catch (CharacterCodingException e) {
            throw new PhiException(file + ":" + (lineNo + 1) + ": not valid UTF-8");
        } catch (IOException e) {
            throw new PhiException(file + ": cannot read: " + e.getMessage(), e);
        }
    }

    public String where(long line) {
        return file + ":" + line;
    }

    @Override
    public void close() {
        try {
            in.close();
        } catch (IOException ignored) {
            // reading is over; nothing was lost
        }
    }

    /** Number of non-blank lines (documents) in a JSON Lines file, for progress bars and quantiles. */
    public static long count(Path file) {
        long n = 0;
        try (JsonlReader r = new JsonlReader(file)) {
            while (r.next() != null) {
                n++;
            }
        }
        return n;
    }
}
