package io.phi4j.format.safetensors;

import io.phi4j.PhiException;
import io.phi4j.tensor.GgmlType;
import io.phi4j.tensor.Tensor;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.channels.FileChannel;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.LongConsumer;
import java.util.regex.Pattern;

/**
 * Writes safetensors files byte-identical to the Python {@code safetensors} package ({@code save_file}):
 * tensors sorted by dtype alignment, descending, then by name (Rust {@code safetensors::tensor::prepare}), a
 * compact serde_json header with {@code __metadata__} first, padded with spaces to a multiple of 8 bytes, then
 * the data back to back. Tensor data is streamed, converted chunk by chunk when a target dtype is given.
 * Every file is written atomically (temporary file + rename).
 */
public final class SafetensorsWriter {
    /** What {@code transformers}' {@code save_pretrained} stores: {@code {"format": "pt"}}. */
    public static final Map<String, String> PT_METADATA = Map.of("format", "pt");

    private SafetensorsWriter() {
    }

    /** A tensor as it will be stored. */
    private record Planned(Tensor tensor, SafetensorsDtype dtype, long bytes) {
        String name() {
            return tensor.name();
        }

        Entry entry() {
            return new Entry(tensor.name(), dtype, tensor.shape(), bytes);
        }
    }

    /** One header entry. */
    private record Entry(String name, SafetensorsDtype dtype, long[] shape, long bytes) {
    }

    // Rust: data.sort_by(|(lname, left), (rname, right)| right.dtype().cmp(&left.dtype()).then(lname.cmp(rname)))
    // Rust compares names as UTF-8 bytes, which orders like code points.
    private static final Comparator<Entry> ENTRY_ORDER = Comparator.comparing(Entry::dtype, Comparator.reverseOrder())
            .thenComparing(Entry::name, PythonJson::compareCodePoints);

    /**
     * Writes {@code tensors} to {@code file}.
     *
     * @param dtype    the stored type of every tensor (F32, F16 or BF16), or null to keep each tensor's own
     *                 type (which must then be one of those three)
     * @param metadata the {@code __metadata__} map, or null for none
     */
    public static void write(Path file, Collection<Tensor> tensors, GgmlType dtype, Map<String, String> metadata) {
        write(file, tensors, dtype, metadata, null);
    }

    /** As {@link #write(Path, Collection, GgmlType, Map)}; {@code progress} (may be null) gets each tensor's element count once written. */
    public static void write(Path file, Collection<Tensor> tensors, GgmlType dtype, Map<String, String> metadata,
                             LongConsumer progress) {
        List<Planned> planned = plan(tensors, dtype);
        byte[] header = header(planned.stream().map(Planned::entry).toList(), metadata);
        TensorBytes streamer = new TensorBytes();
        AtomicFile.write(file, ch -> {
            ByteBuffer length = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(0, header.length);
            AtomicFile.writeFully(ch, length);
            AtomicFile.writeFully(ch, ByteBuffer.wrap(header));
            for (Planned p : planned) {
                streamer.write(p.tensor(), p.dtype().ggmlType(), ch);
                if (progress != null) {
                    progress.accept(p.tensor().elementCount());
                }
            }
        });
    }

    /**
     * A tensor whose bytes are produced only when the writer reaches it, straight into its region of the file
     * (memory-mapped, so a producer may fill it from several threads).
     */
    public record PendingTensor(String name, GgmlType type, long[] shape, Consumer<MemorySegment> fill) {
        public PendingTensor {
            shape = shape.clone();
        }

        @Override
        public long[] shape() {
            return shape.clone();
        }
    }

    /**
     * Writes a single safetensors file whose tensor bytes are produced on demand (for example freshly initialised
     * weights), in the same layout as {@link #write}: nothing proportional to the model is held on the heap.
     */
    public static void writePending(Path file, List<PendingTensor> tensors, Map<String, String> metadata) {
        List<Entry> entries = new ArrayList<>();
        Map<String, PendingTensor> byName = new java.util.HashMap<>();
        for (PendingTensor t : tensors) {
            SafetensorsDtype st = SafetensorsDtype.of(t.type());
            if (st == null) {
                throw new PhiException("tensor " + t.name() + ": safetensors cannot store " + t.type() + " (only F32, F16, BF16)");
            }
            if (byName.put(t.name(), t) != null) {
                throw new IllegalArgumentException("duplicate tensor name " + t.name());
            }
            entries.add(new Entry(t.name(), st, t.shape(), t.type().byteSize(Tensor.elementCount(t.shape()))));
        }
        entries.sort(ENTRY_ORDER);
        byte[] header = header(entries, metadata);
        AtomicFile.write(file, ch -> {
            ByteBuffer length = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(0, header.length);
            AtomicFile.writeFully(ch, length);
            AtomicFile.writeFully(ch, ByteBuffer.wrap(header));
            long position = 8L + header.length;
            for (Entry e : entries) {
                if (e.bytes() > 0) {
                    try (Arena arena = Arena.ofShared()) {
                        MemorySegment region = ch.map(FileChannel.MapMode.READ_WRITE, position, e.bytes(), arena);
                        byName.get(e.name()).fill().accept(region);
                    }
                }
                position += e.bytes();
            }
        });
    }

    /** Writes {@code tensors} keeping their types, with {@code {"format": "pt"}} metadata. */
    public static void write(Path file, Collection<Tensor> tensors) {
        write(file, tensors, null, PT_METADATA);
    }

    /**
     * Writes {@code tensors} into {@code dir} as Hugging Face does: a single {@code weightsName} (e.g.
     * {@code model.safetensors}) if everything fits in {@code maxShardBytes}, else shards
     * {@code model-00001-of-0000N.safetensors} plus {@code model.safetensors.index.json}. Tensors are assigned
     * to shards in the given order with huggingface_hub's greedy rule ({@code split_state_dict_into_shards_factory}:
     * a tensor larger than the limit gets a shard of its own; otherwise a new shard starts when the next tensor
     * would overflow the current one). The index is transformers 5's, with {@code total_parameters}. Weight files
     * of an earlier save under the same name are removed afterwards.
     *
     * @return the files written (shards first, then the index if any)
     */
    public static List<Path> writeSharded(Path dir, String weightsName, List<Tensor> tensors, GgmlType dtype,
                                          long maxShardBytes, Map<String, String> metadata) {
        return writeSharded(dir, weightsName, tensors, dtype, maxShardBytes, metadata, null);
    }

    /** As above; {@code progress} (may be null) gets each tensor's element count once written. */
    public static List<Path> writeSharded(Path dir, String weightsName, List<Tensor> tensors, GgmlType dtype,
                                          long maxShardBytes, Map<String, String> metadata, LongConsumer progress) {
        if (!weightsName.endsWith(".safetensors")) {
            throw new IllegalArgumentException("weights name must end with .safetensors: " + weightsName);
        }
        List<Planned> planned = plan(tensors, dtype);
        List<List<Tensor>> shards = new ArrayList<>();
        List<Tensor> current = new ArrayList<>();
        long currentBytes = 0;
        long totalBytes = 0;
        long totalElements = 0;
        for (Planned p : planned) {
            totalBytes += p.bytes();
            totalElements += p.tensor().elementCount();
            if (p.bytes() > maxShardBytes) {
                shards.add(List.of(p.tensor()));
                continue;
            }
            if (currentBytes + p.bytes() > maxShardBytes) {
                shards.add(current);
                current = new ArrayList<>();
                currentBytes = 0;
            }
            current.add(p.tensor());
            currentBytes += p.bytes();
        }
        if (!current.isEmpty() || shards.isEmpty()) {
            shards.add(current);
        }
        String stem = weightsName.substring(0, weightsName.length() - ".safetensors".length());
        String indexName = weightsName + ".index.json";
        List<Path> written = new ArrayList<>();
        if (shards.size() == 1) {
            Path file = dir.resolve(weightsName);
            write(file, shards.getFirst(), dtype, metadata, progress);
            written.add(file);
        } else {
            Map<String, String> weightMap = new LinkedHashMap<>();
            for (int i = 0; i < shards.size(); i++) {
                String shardName = String.format("%s-%05d-of-%05d.safetensors", stem, i + 1, shards.size());
                Path file = dir.resolve(shardName);
                write(file, shards.get(i), dtype, metadata, progress);
                written.add(file);
                for (Tensor t : shards.get(i)) {
                    weightMap.put(t.name(), shardName);
                }
            }
            Path index = dir.resolve(indexName);
            AtomicFile.writeString(index, new SafetensorsIndex(weightMap, totalBytes, totalElements).toJson());
            written.add(index);
        }
        removeStale(dir, stem, indexName, written);
        return written;
    }

    /** Deletes {@code stem.safetensors}, {@code stem-NNNNN-of-NNNNN.safetensors} and the index not just written. */
    private static void removeStale(Path dir, String stem, String indexName, List<Path> written) {
        Pattern ours = Pattern.compile(Pattern.quote(stem) + "(-\\d{5}-of-\\d{5})?\\.safetensors|"
                + Pattern.quote(indexName));
        Set<String> keep = new HashSet<>();
        written.forEach(p -> keep.add(p.getFileName().toString()));
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir)) {
            for (Path f : files) {
                String name = f.getFileName().toString();
                if (ours.matcher(name).matches() && !keep.contains(name)) {
                    Files.deleteIfExists(f);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<Planned> plan(Collection<Tensor> tensors, GgmlType dtype) {
        SafetensorsDtype forced = null;
        if (dtype != null) {
            forced = SafetensorsDtype.of(dtype);
            if (forced == null) {
                throw new PhiException("safetensors cannot store " + dtype + " (only F32, F16, BF16)");
            }
        }
        Set<String> seen = new HashSet<>();
        List<Planned> out = new ArrayList<>();
        for (Tensor t : tensors) {
            if (!seen.add(t.name())) {
                throw new IllegalArgumentException("duplicate tensor name " + t.name());
            }
            SafetensorsDtype st = forced != null ? forced : SafetensorsDtype.of(t.type());
            if (st == null) {
                throw new PhiException("tensor " + t.name() + ": safetensors cannot store " + t.type()
                        + " (convert to F32, F16 or BF16)");
            }
            out.add(new Planned(t, st, st.ggmlType().byteSize(t.elementCount())));
        }
        // Rust: data.sort_by(|(lname, left), (rname, right)| right.dtype().cmp(&left.dtype()).then(lname.cmp(rname)))
        // Rust compares names as UTF-8 bytes, which orders like code points.
        out.sort(Comparator.comparing((Planned p) -> p.dtype(), Comparator.reverseOrder())
                .thenComparing(Planned::name, PythonJson::compareCodePoints));
        return out;
    }

    /** The padded header JSON for tensors already in file order. */
    private static byte[] header(List<Entry> planned, Map<String, String> metadata) {
        StringBuilder sb = new StringBuilder("{");
        boolean first = true;
        if (metadata != null) {
            sb.append("\"").append(SafetensorsHeader.METADATA_KEY).append("\":{");
            boolean firstMeta = true;
            for (Map.Entry<String, String> e : metadata.entrySet()) {
                sb.append(firstMeta ? "" : ",");
                firstMeta = false;
                serdeQuote(sb, e.getKey());
                sb.append(':');
                serdeQuote(sb, e.getValue());
            }
            sb.append('}');
            first = false;
        }
        long offset = 0;
        for (Entry p : planned) {
            sb.append(first ? "" : ",");
            first = false;
            serdeQuote(sb, p.name());
            sb.append(":{\"dtype\":\"").append(p.dtype().name()).append("\",\"shape\":[");
            long[] shape = p.shape();
            for (int i = 0; i < shape.length; i++) {
                sb.append(i == 0 ? "" : ",").append(shape[i]);
            }
            sb.append("],\"data_offsets\":[").append(offset).append(',').append(offset + p.bytes()).append("]}");
            offset += p.bytes();
        }
        sb.append('}');
        byte[] json = sb.toString().getBytes(StandardCharsets.UTF_8);
        int padded = (json.length + 7) / 8 * 8;
        if (padded > SafetensorsFile.MAX_HEADER_BYTES) {
            throw new PhiException("safetensors header would be " + padded + " bytes, over the 100 MB limit");
        }
        byte[] out = java.util.Arrays.copyOf(json, padded);
        java.util.Arrays.fill(out, json.length, padded, (byte) ' ');
        return out;
    }

    /** A string as serde_json writes it: only quote, backslash and control characters are escaped. */
    private static void serdeQuote(StringBuilder sb, String s) {
        sb.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\b' -> sb.append("\\b");
                case '\t' -> sb.append("\\t");
                case '\n' -> sb.append("\\n");
                case '\f' -> sb.append("\\f");
                case '\r' -> sb.append("\\r");
                default -> {
                    if (c < 0x20) {
                        sb.append("\\u").append(String.format("%04x", (int) c));
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
        sb.append('"');
    }
}
