package io.phi4j.data.curate;

import io.airlift.compress.zstd.ZstdInputStream;
import io.phi4j.PhiException;

import java.io.BufferedInputStream;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;

/** Opens input files, decompressing {@code .gz} (java.util.zip) and {@code .zst} (aircompressor's pure-Java decoder). */
public final class CompressedFiles {
    private CompressedFiles() {
    }

    public static InputStream open(Path file) {
        try {
            InputStream in = new BufferedInputStream(Files.newInputStream(file), 1 << 16);
            String name = file.getFileName().toString().toLowerCase();
            if (name.endsWith(".gz")) {
                return new BufferedInputStream(new GZIPInputStream(in, 1 << 16), 1 << 16);
            }
            if (name.endsWith(".zst") || name.endsWith(".zstd")) {
                return new BufferedInputStream(new ZstdInputStream(in), 1 << 16);
            }
            return in;
        } catch (NoSuchFileException e) {
            throw new PhiException(file + ": file not found");
        } catch (IOException e) {
            throw new PhiException(file + ": cannot read: " + e.getMessage(), e);
        }
    }

    /** A reader of UTF-8 text that reports malformed bytes instead of replacing them silently. */
    public static BufferedReader reader(Path file) {
        return new BufferedReader(new InputStreamReader(open(file), StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT)), 1 << 16);
    }

    /** The file name without a compression suffix: {@code a.jsonl.gz} → {@code a.jsonl}. */
    public static String baseName(Path file) {
        String n = file.getFileName().toString();
        String lower = n.toLowerCase();
        for (String ext : new String[] {".gz", ".zst", ".zstd"}) {
            if (lower.endsWith(ext)) {
                return n.substring(0, n.length() - ext.length());
            }
        }
        return n;
    }

    /** The lower-case extension of {@link #baseName}, without the dot ("" if none). */
    public static String extension(Path file) {
        String b = baseName(file).toLowerCase();
        int dot = b.lastIndexOf('.');
        return dot < 0 ? "" : b.substring(dot + 1);
    }

    /**
     * Reads a whole (decompressed) file as UTF-8 text, refusing files larger than {@code maxChars}. A file that is
     * not valid UTF-8 is read as ISO-8859-1 instead (old web pages and documentation often are Latin-1), and
     * {@code latin1} is told so.
     */
    public static String readText(Path file, long maxChars, Runnable latin1) {
        try {
            return readText(file, maxChars, reader(file));
        } catch (java.nio.charset.CharacterCodingException e) {
            latin1.run();
            try {
                return readText(file, maxChars, new BufferedReader(new InputStreamReader(open(file), StandardCharsets.ISO_8859_1)));
            } catch (java.nio.charset.CharacterCodingException impossible) {
                throw new IllegalStateException(impossible);
            }
        }
    }

    private static String readText(Path file, long maxChars, BufferedReader reader) throws java.nio.charset.CharacterCodingException {
        StringBuilder sb = new StringBuilder();
        char[] buf = new char[1 << 14];
        try (BufferedReader r = reader) {
            int n;
            while ((n = r.read(buf)) > 0) {
                if (sb.length() + (long) n > maxChars) {
                    throw new PhiException(file + ": document longer than " + maxChars + " characters");
                }
                sb.append(buf, 0, n);
            }
        } catch (java.nio.charset.CharacterCodingException e) {
            throw e;
        } catch (IOException e) {
            throw new PhiException(file + ": cannot read: " + e.getMessage(), e);
        }
        return sb.toString();
    }
}
