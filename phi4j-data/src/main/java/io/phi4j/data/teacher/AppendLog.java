package io.phi4j.data.teacher;

import io.phi4j.PhiException;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/**
 * An append-only JSONL file that survives crashes: every line is written whole and forced to disk before the
 * next item counts as done, so after a crash only the last line can be incomplete; {@link #recover} cuts it off.
 */
public final class AppendLog implements Closeable {
    private final Path file;
    private final FileChannel channel;

    public AppendLog(Path file) {
        this.file = file;
        try {
            this.channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new PhiException(file + ": cannot open for appending: " + e.getMessage(), e);
        }
    }

    /**
     * The complete lines of {@code file} (none if it does not exist). A last line without its newline, left by a
     * crash in the middle of a write, is removed from the file.
     */
    public static List<String> recover(Path file) {
        if (!Files.exists(file)) {
            return List.of();
        }
        try {
            byte[] bytes = Files.readAllBytes(file);
            int end = bytes.length;
            while (end > 0 && bytes[end - 1] != '\n') {
                end--;
            }
            if (end < bytes.length) {
                try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
                    ch.truncate(end);
                    ch.force(true);
                }
            }
            List<String> lines = new ArrayList<>();
            for (String line : new String(bytes, 0, end, StandardCharsets.UTF_8).split("\n")) {
                if (!line.isEmpty()) {
                    lines.add(line);
                }
            }
            return lines;
        } catch (IOException e) {
            throw new PhiException(file + ": cannot read: " + e.getMessage(), e);
        }
    }

    /** Appends one line and forces it to disk. */
    public synchronized void append(String line) {
        ByteBuffer buf = ByteBuffer.wrap((line + "\n").getBytes(StandardCharsets.UTF_8));
        try {
            while (buf.hasRemaining()) {
                channel.write(buf);
            }
            channel.force(false);
        } catch (IOException e) {
            throw new PhiException(file + ": cannot append: " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        try {
            channel.close();
        } catch (IOException e) {
            throw new PhiException(file + ": cannot close: " + e.getMessage(), e);
        }
    }
}
