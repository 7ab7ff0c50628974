package io.phi4j.format.gguf;

import io.phi4j.PhiException;
import io.phi4j.tensor.GgmlType;
import io.phi4j.tensor.Tensor;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Writes GGUF version 3 files: header, metadata (in the map's iteration order, each value with its own type),
 * tensor infos, then each tensor's data at an offset aligned to general.alignment (32 when absent), zero-padded
 * as gguf-py and llama.cpp do. The file is written to {@code name.tmp} beside the target and renamed into place
 * atomically. Tensor data is streamed: each tensor is written straight into a mapping of its region of the
 * output file, so only one tensor's pages are touched at a time and nothing proportional to the model is held on
 * the heap.
 */
public final class GgufWriter {
    /** llama.cpp's GGML_MAX_NAME: tensor names must be shorter than this many bytes for llama.cpp to load them. */
    public static final int MAX_NAME_BYTES = 64;

    private GgufWriter() {
    }

    /** Produces a tensor's bytes straight into {@code target} (exactly the tensor's byte size). */
    @FunctionalInterface
    public interface DataSource {
        void writeTo(MemorySegment target);
    }

    /**
     * A tensor to be written whose bytes are produced only when the writer reaches it (for example quantized on
     * the fly from a memory-mapped source). {@code shape} is row-major, as {@link Tensor}'s.
     */
    public record PendingTensor(String name, GgmlType type, long[] shape, DataSource data) {
        public PendingTensor {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(type, "type");
            Objects.requireNonNull(data, "data");
            shape = shape.clone();
        }

        /** An existing tensor, copied as is. */
        public static PendingTensor of(Tensor t) {
            MemorySegment src = t.data();
            return new PendingTensor(t.name(), t.type(), t.shape(),
                    target -> MemorySegment.copy(src, 0, target, 0, src.byteSize()));
        }

        @Override
        public long[] shape() {
            return shape.clone();
        }

        public long byteSize() {
            long cols = shape.length == 0 ? 1 : shape[shape.length - 1];
            if (cols % type.blockSize() != 0) {
                throw new PhiException("tensor " + name + ": row length " + cols + " is not a multiple of " + type
                        + "'s block size " + type.blockSize());
            }
            return type.byteSize(Tensor.elementCount(shape));
        }
    }

    /** Writes {@code metadata} and {@code tensors} to {@code path} (replacing it atomically). */
    public static void write(Path path, Map<String, GgufValue> metadata, List<Tensor> tensors) {
        writePending(path, metadata, tensors.stream().map(PendingTensor::of).toList());
    }

    /** Like {@link #write}, with tensor bytes produced on demand. */
    public static void writePending(Path path, Map<String, GgufValue> metadata, List<PendingTensor> tensors) {
        int alignment = alignmentOf(metadata);
        long[] offsets = new long[tensors.size()];
        long[] sizes = new long[tensors.size()];
        GgufHeaderBytes header = new GgufHeaderBytes();
        header.u32(GgufParser.MAGIC);
        header.u32(3);
        header.u64(tensors.size());
        header.u64(metadata.size());
        for (Map.Entry<String, GgufValue> e : metadata.entrySet()) {
            header.string(Objects.requireNonNull(e.getKey(), "metadata key"));
            header.u32(e.getValue().type().id());
            header.value(e.getValue());
        }
        Set<String> names = new HashSet<>();
        long next = 0;
        for (int i = 0; i < tensors.size(); i++) {
            PendingTensor t = tensors.get(i);
            checkTensor(t, names);
            sizes[i] = t.byteSize();
            offsets[i] = next;
            next = GgufParser.alignUp(next + sizes[i], alignment);
            long[] shape = t.shape();
            header.string(t.name());
            header.u32(shape.length);
            for (int d = shape.length - 1; d >= 0; d--) {
                header.u64(shape[d]); // GGUF wants the innermost dimension first
            }
            header.u32(t.type().id());
            header.u64(offsets[i]);
        }
        header.padTo(alignment);
        long dataStart = header.length();
        long totalSize = dataStart + next;

        Path tmp = path.resolveSibling(path.getFileName() + ".tmp");
        boolean done = false;
        try {
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING,
                    StandardOpenOption.READ, StandardOpenOption.WRITE)) {
                writeFully(ch, ByteBuffer.wrap(header.bytes()), 0);
                for (int i = 0; i < tensors.size(); i++) {
                    // Shared, not confined: a DataSource may fill its region from several threads (TensorEncoder).
                    try (Arena arena = Arena.ofShared()) {
                        MemorySegment region = ch.map(FileChannel.MapMode.READ_WRITE, dataStart + offsets[i], sizes[i], arena);
                        tensors.get(i).data().writeTo(region);
                    }
                }
                if (ch.size() < totalSize) {
                    // Trailing padding after the last tensor (mapping only extended the file to its end).
                    writeFully(ch, ByteBuffer.allocate((int) (totalSize - ch.size())), ch.size());
                }
                ch.force(true);
            }
            Files.move(tmp, path, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            done = true;
        } catch (IOException e) {
            throw new PhiException(path + ": cannot write: " + e.getMessage(), e);
        } finally {
            if (!done) {
                try {
                    Files.deleteIfExists(tmp);
                } catch (IOException ignored) {
                    // the original error matters more than a leftover temp file
                }
            }
        }
    }

    private static void writeFully(FileChannel ch, ByteBuffer buf, long position) throws IOException {
        long pos = position;
        while (buf.hasRemaining()) {
            pos += ch.write(buf, pos);
        }
    }

    private static int alignmentOf(Map<String, GgufValue> metadata) {
        GgufValue v = metadata.get("general.alignment");
        if (v == null) {
            return GgufFile.DEFAULT_ALIGNMENT;
        }
        if (!v.type().isInteger()) {
            throw new PhiException("general.alignment must be an integer, got " + v);
        }
        long a = (Long) v.value();
        if (a <= 0 || a > (1 << 30) || Long.bitCount(a) != 1) {
            throw new PhiException("general.alignment " + v + " is not a power of two between 1 and 2^30");
        }
        return (int) a;
    }

    private static void checkTensor(PendingTensor t, Set<String> names) {
        int nameBytes = t.name().getBytes(StandardCharsets.UTF_8).length;
        if (nameBytes >= MAX_NAME_BYTES) {
            throw new PhiException("tensor name '" + t.name() + "' is " + nameBytes + " bytes; GGUF readers (llama.cpp) allow at most "
                    + (MAX_NAME_BYTES - 1));
        }
        if (!names.add(t.name())) {
            throw new PhiException("tensor name '" + t.name() + "' appears twice");
        }
        long[] shape = t.shape();
        if (shape.length > GgufParser.MAX_DIMS) {
            throw new PhiException("tensor " + t.name() + " has " + shape.length + " dimensions; GGUF allows at most "
                    + GgufParser.MAX_DIMS);
        }
        for (long d : shape) {
            if (d <= 0) {
                throw new PhiException("tensor " + t.name() + " has shape " + Arrays.toString(shape)
                        + "; every dimension must be positive");
            }
        }
    }
}
