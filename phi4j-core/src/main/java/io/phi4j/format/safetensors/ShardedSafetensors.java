package io.phi4j.format.safetensors;

import io.phi4j.PhiException;
import io.phi4j.tensor.Tensor;

import java.lang.foreign.Arena;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.SequencedSet;

/**
 * A checkpoint split over several safetensors files ("shards") by a {@code model.safetensors.index.json}.
 * Every shard named in the index is opened (memory-mapped) and every tensor the index maps must exist in the
 * shard it names. Tensors a shard holds but the index does not map are ignored, as transformers does.
 */
public final class ShardedSafetensors implements SafetensorsSource {
    private final Path indexFile;
    private final SafetensorsIndex index;
    private final Map<String, SafetensorsFile> shards;
    private final Map<String, SafetensorsFile> shardOfTensor;

    private ShardedSafetensors(Path indexFile, SafetensorsIndex index, Map<String, SafetensorsFile> shards,
                               Map<String, SafetensorsFile> shardOfTensor) {
        this.indexFile = indexFile;
        this.index = index;
        this.shards = Collections.unmodifiableMap(shards);
        this.shardOfTensor = Collections.unmodifiableMap(shardOfTensor);
    }

    public static ShardedSafetensors open(Path indexFile, Arena arena) {
        SafetensorsIndex index = SafetensorsIndex.read(indexFile);
        String name = String.valueOf(indexFile.getFileName());
        Path dir = indexFile.toAbsolutePath().getParent();
        Map<String, SafetensorsFile> shards = new LinkedHashMap<>();
        Map<String, SafetensorsFile> shardOfTensor = new LinkedHashMap<>();
        for (Map.Entry<String, String> e : index.weightMap().entrySet()) {
            SafetensorsFile shard = shards.get(e.getValue());
            if (shard == null) {
                Path shardPath = dir.resolve(e.getValue());
                if (!Files.isRegularFile(shardPath)) {
                    throw new PhiException(name + ": shard " + e.getValue() + " (holding tensor "
                            + SafetensorsHeader.shorten(e.getKey()) + ") is missing");
                }
                shard = SafetensorsFile.open(shardPath, arena);
                shards.put(e.getValue(), shard);
            }
            if (shard.entry(e.getKey()) == null) {
                throw new PhiException(name + ": tensor " + SafetensorsHeader.shorten(e.getKey())
                        + " is mapped to shard " + e.getValue() + ", which does not contain it");
            }
            shardOfTensor.put(e.getKey(), shard);
        }
        return new ShardedSafetensors(indexFile, index, shards, shardOfTensor);
    }

    public Path indexFile() {
        return indexFile;
    }

    public SafetensorsIndex index() {
        return index;
    }

    /** The opened shards in index order. */
    public List<SafetensorsFile> shards() {
        return List.copyOf(shards.values());
    }

    @Override
    public String displayName() {
        return String.valueOf(indexFile.getFileName());
    }

    @Override
    public SequencedSet<String> names() {
        return Collections.unmodifiableSequencedSet(new LinkedHashSet<>(shardOfTensor.keySet()));
    }

    @Override
    public SafetensorsEntry entry(String name) {
        SafetensorsFile shard = shardOfTensor.get(name);
        return shard == null ? null : shard.entry(name);
    }

    @Override
    public Tensor tensor(String name) {
        SafetensorsFile shard = shardOfTensor.get(name);
        if (shard == null) {
            throw new PhiException(displayName() + ": no tensor named " + SafetensorsHeader.shorten(name));
        }
        return shard.tensor(name);
    }

    @Override
    public String toString() {
        return displayName() + " (" + shards.size() + " shards, " + shardOfTensor.size() + " tensors)";
    }
}
