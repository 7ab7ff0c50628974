package io.phi4j.format.safetensors;

import io.phi4j.PhiException;
import io.phi4j.format.MappedWeights;
import io.phi4j.tensor.Tensor;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SequencedSet;

/**
 * A memory-mapped {@code .safetensors} file: an 8-byte little-endian header length, a JSON header, then the
 * raw tensor bytes. Opening it reads and validates only the header; tensors are views into the mapping, which
 * lives as long as the caller's {@link Arena}.
 */
public final class SafetensorsFile implements SafetensorsSource {
    /** The Rust reference rejects larger headers ({@code MAX_HEADER_SIZE}); so do we. */
    public static final long MAX_HEADER_BYTES = 100_000_000;

    private static final ValueLayout.OfLong LE_LONG = ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);

    private final Path path;
    private final String displayName;
    private final MemorySegment data;
    private final Map<String, String> metadata;
    private final Map<String, SafetensorsEntry> entries;

    private SafetensorsFile(Path path, String displayName, MemorySegment data, SafetensorsHeader header) {
        this.path = path;
        this.displayName = displayName;
        this.data = data;
        this.metadata = header.metadata();
        Map<String, SafetensorsEntry> byName = new LinkedHashMap<>();
        for (SafetensorsEntry e : header.entries()) {
            byName.put(e.name(), e);
        }
        this.entries = Collections.unmodifiableMap(byName);
    }

    /** Maps {@code file} read-only into {@code arena} and validates its header. */
    public static SafetensorsFile open(Path file, Arena arena) {
        String name = file.getFileName() == null ? file.toString() : file.getFileName().toString();
        MemorySegment whole;
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            whole = ch.map(FileChannel.MapMode.READ_ONLY, 0, ch.size(), arena);
            MappedWeights.adviseHugePages(whole);
        } catch (NoSuchFileException e) {
            throw new PhiException(file + ": file not found");
        } catch (IOException e) {
            throw new PhiException(file + ": cannot read: " + SafetensorsHeader.oneLine(e.getMessage()), e);
        }
        return of(file, name, whole);
    }

    /** Parses an in-memory safetensors image; {@code displayName} names it in error messages. */
    public static SafetensorsFile of(String displayName, MemorySegment bytes) {
        return of(null, displayName, bytes);
    }

    private static SafetensorsFile of(Path path, String name, MemorySegment whole) {
        long size = whole.byteSize();
        if (size < 8) {
            throw new PhiException(name + ": not a safetensors file (" + size + " bytes, shorter than the 8-byte header length)");
        }
        long headerLength = whole.get(LE_LONG, 0);
        if (headerLength < 0 || headerLength > MAX_HEADER_BYTES) {
            throw new PhiException(name + ": header length " + Long.toUnsignedString(headerLength)
                    + " is larger than the 100 MB limit (not a safetensors file?)");
        }
        if (headerLength > size - 8) {
            throw new PhiException(name + ": header length " + headerLength + " is past the end of the file (size "
                    + size + ")");
        }
        byte[] headerBytes = whole.asSlice(8, headerLength).toArray(ValueLayout.JAVA_BYTE);
        long dataStart = 8 + headerLength;
        MemorySegment data = whole.asSlice(dataStart);
        SafetensorsHeader header = SafetensorsHeader.parse(name, headerBytes, data.byteSize());
        return new SafetensorsFile(path, name, data, header);
    }

    /** The file, or null for an in-memory image. */
    public Path path() {
        return path;
    }

    @Override
    public String displayName() {
        return displayName;
    }

    /** The {@code __metadata__} map (empty if the file has none). */
    public Map<String, String> metadata() {
        return metadata;
    }

    /** Tensor names in data-offset order. */
    @Override
    public SequencedSet<String> names() {
        return Collections.unmodifiableSequencedSet(new java.util.LinkedHashSet<>(entries.keySet()));
    }

    /** Every header entry by name, in data-offset order. */
    public Map<String, SafetensorsEntry> entries() {
        return entries;
    }

    @Override
    public SafetensorsEntry entry(String name) {
        return entries.get(name);
    }

    /** The data section (everything after the header). */
    public MemorySegment data() {
        return data;
    }

    @Override
    public Tensor tensor(String name) {
        SafetensorsEntry e = entries.get(name);
        if (e == null) {
            throw new PhiException(displayName + ": no tensor named " + SafetensorsHeader.shorten(name));
        }
        return toTensor(e);
    }

    private Tensor toTensor(SafetensorsEntry e) {
        String where = displayName + ": tensor " + SafetensorsHeader.shorten(e.name());
        if (!e.dtype().isSupported()) {
            throw new PhiException(where + " has dtype " + e.dtype() + ", which phi4j cannot use (supported: F32, F16, BF16)");
        }
        long[] shape = e.shape();
        // Tensor addresses rows and columns with ints; a legal file can still exceed that.
        long cols = shape.length == 0 ? 1 : shape[shape.length - 1];
        long elements = Tensor.elementCount(shape);
        if (cols > Integer.MAX_VALUE || (cols > 0 && elements / cols > Integer.MAX_VALUE)) {
            throw new PhiException(where + ": shape " + Arrays.toString(shape) + " is too large for phi4j");
        }
        return new Tensor(e.name(), e.dtype().ggmlType(), shape, data.asSlice(e.begin(), e.byteSize()));
    }

    @Override
    public String toString() {
        return displayName + " (" + entries.size() + " tensors)";
    }
}
