package io.phi4j.format.gguf;

import io.phi4j.PhiException;
import io.phi4j.format.MappedWeights;
import io.phi4j.tensor.Tensor;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.channels.FileChannel;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;

/**
 * A GGUF file (versions 2 and 3), memory-mapped whole. Metadata is parsed onto the heap; tensors are views of the
 * mapping (no copy), valid while the {@link Arena} passed to {@link #open} is alive. Tensor shapes are row-major
 * (the reverse of GGUF's innermost-first dimension lists).
 */
public final class GgufFile {
    /** GGUF_DEFAULT_ALIGNMENT: used when general.alignment is absent. */
    public static final int DEFAULT_ALIGNMENT = 32;

    private final Path path;
    private final int version;
    private final GgufMetadata metadata;
    private final int alignment;
    private final long dataOffset;
    private final List<Tensor> tensors;
    private final Map<String, Tensor> byName;

    private GgufFile(Path path, int version, GgufMetadata metadata, int alignment, long dataOffset, List<Tensor> tensors) {
        this.path = path;
        this.version = version;
        this.metadata = metadata;
        this.alignment = alignment;
        this.dataOffset = dataOffset;
        this.tensors = List.copyOf(tensors);
        Map<String, Tensor> m = new LinkedHashMap<>();
        for (Tensor t : tensors) {
            m.put(t.name(), t);
        }
        this.byName = Collections.unmodifiableMap(m);
    }

    /**
     * Maps {@code path} into {@code arena} and parses it. Throws {@link PhiException} naming the file if it cannot
     * be read or is not a valid GGUF v2/v3 file.
     */
    public static GgufFile open(Path path, Arena arena) {
        String name = String.valueOf(path.getFileName());
        MemorySegment segment;
        try (FileChannel ch = FileChannel.open(path, StandardOpenOption.READ)) {
            segment = ch.map(FileChannel.MapMode.READ_ONLY, 0, ch.size(), arena);
            MappedWeights.adviseHugePages(segment);
        } catch (NoSuchFileException e) {
            throw new PhiException(path + ": no such file", e);
        } catch (IOException e) {
            throw new PhiException(path + ": cannot read: " + e.getMessage(), e);
        }
        return parse(segment, name, path);
    }

    /** Parses GGUF bytes already in memory; {@code name} is used in error messages. */
    public static GgufFile parse(MemorySegment segment, String name) {
        return parse(segment, name, Path.of(name));
    }

    private static GgufFile parse(MemorySegment segment, String name, Path path) {
        GgufParser parser = new GgufParser(segment, name);
        GgufParser.Result r = parser.parse();
        List<Tensor> tensors = r.infos().stream().map(info -> parser.tensor(segment, r.dataOffset(), info)).toList();
        return new GgufFile(path, r.version(), new GgufMetadata(name, r.metadata()), r.alignment(), r.dataOffset(), tensors);
    }

    public Path path() {
        return path;
    }

    public int version() {
        return version;
    }

    /** general.alignment, or 32 when absent. */
    public int alignment() {
        return alignment;
    }

    /** File offset of the data section (tensor offsets are relative to it). */
    public long dataOffset() {
        return dataOffset;
    }

    /** All metadata in file order (unmodifiable). */
    public Map<String, GgufValue> metadata() {
        return metadata.asMap();
    }

    /** Typed access to the metadata, with errors naming this file. */
    public GgufMetadata meta() {
        return metadata;
    }

    /** Tensors in file order. */
    public List<Tensor> tensors() {
        return tensors;
    }

    /** The tensor called {@code name}; PhiException if there is none. */
    public Tensor tensor(String name) {
        Tensor t = byName.get(name);
        if (t == null) {
            throw new PhiException(path.getFileName() + ": no tensor named '" + name + "'");
        }
        return t;
    }

    public Optional<Tensor> findTensor(String name) {
        return Optional.ofNullable(byName.get(name));
    }

    public String getString(String key) {
        return metadata.getString(key);
    }

    public Optional<String> optionalString(String key) {
        return metadata.optionalString(key);
    }

    public int getInt(String key) {
        return metadata.getInt(key);
    }

    public OptionalInt optionalInt(String key) {
        return metadata.optionalInt(key);
    }

    public long getLong(String key) {
        return metadata.getLong(key);
    }

    public OptionalLong optionalLong(String key) {
        return metadata.optionalLong(key);
    }

    public float getFloat(String key) {
        return metadata.getFloat(key);
    }

    public Optional<Float> optionalFloat(String key) {
        return metadata.optionalFloat(key);
    }

    public boolean getBoolean(String key) {
        return metadata.getBoolean(key);
    }

    public Optional<Boolean> optionalBoolean(String key) {
        return metadata.optionalBoolean(key);
    }

    public List<String> getStringArray(String key) {
        return metadata.getStringArray(key);
    }

    public Optional<List<String>> optionalStringArray(String key) {
        return metadata.optionalStringArray(key);
    }

    public int[] getIntArray(String key) {
        return metadata.getIntArray(key);
    }

    public Optional<int[]> optionalIntArray(String key) {
        return metadata.optionalIntArray(key);
    }

    public float[] getFloatArray(String key) {
        return metadata.getFloatArray(key);
    }

    public Optional<float[]> optionalFloatArray(String key) {
        return metadata.optionalFloatArray(key);
    }

    @Override
    public String toString() {
        return path.getFileName() + " (GGUF v" + version + ", " + metadata().size() + " metadata keys, "
                + tensors.size() + " tensors)";
    }
}
