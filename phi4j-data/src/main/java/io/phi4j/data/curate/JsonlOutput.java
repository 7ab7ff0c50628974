package io.phi4j.data.curate;

import io.phi4j.PhiException;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/**
 * A JSON Lines output written atomically: lines go to {@code name.tmp} beside the target, which {@link #commit}
 * renames over it. {@link #open(Path, long)} reopens a temporary file cut back to a checkpointed length, so a
 * step can resume where it last saved its position.
 */
public final class JsonlOutput implements AutoCloseable {
    private final Path target;
    private final Path tmp;
    private final OutputStream out;
    private long bytes;
    private boolean done;

    private JsonlOutput(Path target, long keepBytes) {
        this.target = target;
        this.tmp = tmpOf(target);
        try {
            Path dir = target.toAbsolutePath().getParent();
            if (dir != null) {
                Files.createDirectories(dir);
            }
            if (keepBytes > 0) {
                try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
                    ch.truncate(keepBytes);
                }
                out = new BufferedOutputStream(Files.newOutputStream(tmp, StandardOpenOption.APPEND), 1 << 16);
            } else {
                out = new BufferedOutputStream(Files.newOutputStream(tmp), 1 << 16);
            }
        } catch (IOException e) {
            throw new PhiException(target + ": cannot write: " + e.getMessage(), e);
        }
        this.bytes = keepBytes;
    }

    public static JsonlOutput create(Path target) {
        return new JsonlOutput(target, 0);
    }

    /** Reopens the temporary file of {@code target}, keeping its first {@code keepBytes} bytes. */
    public static JsonlOutput open(Path target, long keepBytes) {
        return new JsonlOutput(target, keepBytes);
    }

    static Path tmpOf(Path target) {
        return target.resolveSibling(target.getFileName() + ".tmp");
    }

    public void write(String line) {
        byte[] b = (line + "\n").getBytes(StandardCharsets.UTF_8);
        try {
            out.write(b);
        } catch (IOException e) {
            throw new PhiException(target + ": cannot write: " + e.getMessage(), e);
        }
        bytes += b.length;
    }

    /** Bytes written so far (after a flush, the temporary file's length). */
    public long bytes() {
        return bytes;
    }

    public void flush() {
        try {
            out.flush();
        } catch (IOException e) {
            throw new PhiException(target + ": cannot write: " + e.getMessage(), e);
        }
    }

    /** Closes and renames the temporary file over the target. */
    public void commit() {
        try {
            out.close();
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            done = true;
        } catch (IOException e) {
            throw new PhiException(target + ": cannot write: " + e.getMessage(), e);
        }
    }

    /** Closes without committing; the temporary file stays for a later resume. */
    @Override
    public void close() {
        if (!done) {
            try {
                out.close();
            } catch (IOException ignored) {
                // a failed close of an uncommitted file loses nothing committed
            }
        }
    }
}
