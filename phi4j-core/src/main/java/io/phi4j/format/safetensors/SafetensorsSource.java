package io.phi4j.format.safetensors;

import io.phi4j.PhiException;
import io.phi4j.tensor.Tensor;

import java.lang.foreign.Arena;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SequencedSet;

/** Named tensors from one safetensors file or from a sharded set described by an index. */
public sealed interface SafetensorsSource permits SafetensorsFile, ShardedSafetensors {

    /** A short name for error messages (file name, or index file name). */
    String displayName();

    /** All tensor names. */
    SequencedSet<String> names();

    /** The header entry of {@code name}, or null if there is none. */
    SafetensorsEntry entry(String name);

    default boolean contains(String name) {
        return entry(name) != null;
    }

    /** The tensor {@code name} as a view of the mapped file; PhiException if absent or of an unsupported dtype. */
    Tensor tensor(String name);

    /** Every tensor; PhiException if any has a dtype phi4j cannot use. */
    default Map<String, Tensor> tensors() {
        Map<String, Tensor> out = new LinkedHashMap<>();
        for (String name : names()) {
            out.put(name, tensor(name));
        }
        return out;
    }

    /**
     * Opens {@code path}: a {@code *.index.json} (as {@code model.safetensors.index.json}) opens the sharded set
     * it describes; anything else is read as a single safetensors file.
     */
    static SafetensorsSource open(Path path, Arena arena) {
        if (!Files.exists(path)) {
            throw new PhiException(path + ": file not found");
        }
        if (path.getFileName() != null && path.getFileName().toString().endsWith(".index.json")) {
            return ShardedSafetensors.open(path, arena);
        }
        return SafetensorsFile.open(path, arena);
    }
}
