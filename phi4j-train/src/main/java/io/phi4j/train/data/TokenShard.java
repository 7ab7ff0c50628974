package io.phi4j.train.data;

import io.phi4j.PhiException;
import io.phi4j.format.safetensors.AtomicFile;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * A token shard: a flat stream of token ids from one tokenizer, documents separated by the end-of-text token.
 * The file ({@code .tok}) is a 64-byte header followed by the ids, all little-endian:
 * <pre>
 *   offset size  field
 *   0      8     magic "PHI4JTOK" (ASCII)
 *   8      4     format version, uint32 = 1
 *   12     4     bytes per token, uint32: 2 (uint16 ids, vocabularies up to 65536) or 4 (uint32 ids)
 *   16     8     token count N, uint64
 *   24     4     vocabulary size V, uint32: every id is below V
 *   28     4     end-of-text id, int32 (-1 if none): written after every document
 *   32     8     document count, uint64
 *   40     24    reserved, zero
 *   64     N×b   the ids
 * </pre>
 * The file size must be exactly {@code 64 + N × b}. Shards are memory-mapped; nothing is read into the heap.
 */
public final class TokenShard implements AutoCloseable {
    public static final int HEADER_BYTES = 64;
    public static final int VERSION = 1;
    private static final byte[] MAGIC = "PHI4JTOK".getBytes(StandardCharsets.US_ASCII);
    private static final ValueLayout.OfShort U16 = ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final ValueLayout.OfInt U32 = ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final ValueLayout.OfLong U64 = ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);

    private final Path path;
    private final Arena arena;
    private final MemorySegment data;
    private final int width;
    private final long count;
    private final int vocabSize;
    private final int eosId;
    private final long documents;

    private TokenShard(Path path, Arena arena, MemorySegment data, int width, long count, int vocabSize, int eosId,
                       long documents) {
        this.path = path;
        this.arena = arena;
        this.data = data;
        this.width = width;
        this.count = count;
        this.vocabSize = vocabSize;
        this.eosId = eosId;
        this.documents = documents;
    }

    /** Opens and validates a shard. */
    public static TokenShard open(Path path) {
        Arena arena = Arena.ofShared();
        try (FileChannel ch = FileChannel.open(path, StandardOpenOption.READ)) {
            long size = ch.size();
            if (size < HEADER_BYTES) {
                throw new PhiException(path + ": " + size + " bytes is too short for a token shard (header is 64)");
            }
            MemorySegment seg = ch.map(FileChannel.MapMode.READ_ONLY, 0, size, arena);
            for (int i = 0; i < MAGIC.length; i++) {
                if (seg.get(ValueLayout.JAVA_BYTE, i) != MAGIC[i]) {
                    throw new PhiException(path + ": not a token shard (no PHI4JTOK magic)");
                }
            }
            int version = seg.get(U32, 8);
            if (version != VERSION) {
                throw new PhiException(path + ": token shard format version " + Integer.toUnsignedString(version)
                        + " is not supported (this phi4j reads version " + VERSION + ")");
            }
            int width = seg.get(U32, 12);
            if (width != 2 && width != 4) {
                throw new PhiException(path + ": bytes per token " + Integer.toUnsignedString(width) + " (must be 2 or 4)");
            }
            long count = seg.get(U64, 16);
            if (count < 0 || count > (size - HEADER_BYTES) / width || HEADER_BYTES + count * width != size) {
                throw new PhiException(path + ": header says " + Long.toUnsignedString(count) + " tokens of " + width
                        + " bytes, but the file has " + (size - HEADER_BYTES) + " bytes of tokens");
            }
            int vocab = seg.get(U32, 24);
            if (vocab <= 0 || (width == 2 && vocab > 65536)) {
                throw new PhiException(path + ": vocabulary size " + Integer.toUnsignedString(vocab)
                        + " is invalid for " + width + "-byte tokens");
            }
            int eos = seg.get(U32, 28);
            if (eos < -1 || eos >= vocab) {
                throw new PhiException(path + ": end-of-text id " + eos + " is outside the vocabulary (0.." + (vocab - 1) + ")");
            }
            long docs = seg.get(U64, 32);
            if (docs < 0 || docs > count) {
                throw new PhiException(path + ": document count " + Long.toUnsignedString(docs) + " is more than its "
                        + count + " tokens");
            }
            return new TokenShard(path, arena, seg.asSlice(HEADER_BYTES), width, count, vocab, eos, docs);
        } catch (NoSuchFileException e) {
            arena.close();
            throw new PhiException(path + ": file not found");
        } catch (IOException e) {
            arena.close();
            throw new PhiException(path + ": cannot read: " + e.getMessage(), e);
        } catch (RuntimeException e) {
            arena.close();
            throw e;
        }
    }

    public Path path() {
        return path;
    }

    public long size() {
        return count;
    }

    public int vocabSize() {
        return vocabSize;
    }

    public int eosId() {
        return eosId;
    }

    public long documents() {
        return documents;
    }

    public int bytesPerToken() {
        return width;
    }

    /** Token at {@code index}; ids at or past the vocabulary size are reported as a corrupt shard. */
    public int get(long index) {
        int id = width == 2 ? Short.toUnsignedInt(data.get(U16, index * 2)) : data.get(U32, index * 4);
        if (id < 0 || id >= vocabSize) {
            throw new PhiException(path + ": token " + index + " has id " + Integer.toUnsignedString(id)
                    + ", outside the shard's vocabulary (0.." + (vocabSize - 1) + ")");
        }
        return id;
    }

    /** Copies tokens {@code [from, from + n)} into {@code dst[off ..]}. */
    public void read(long from, int n, int[] dst, int off) {
        if (from < 0 || n < 0 || from + n > count) {
            throw new IndexOutOfBoundsException("tokens " + from + ".." + (from + n) + " of " + count);
        }
        for (int i = 0; i < n; i++) {
            dst[off + i] = get(from + i);
        }
    }

    @Override
    public void close() {
        arena.close();
    }

    /** Writes a shard atomically; {@code tokens[0, n)} must all be below {@code vocabSize}. */
    public static void write(Path path, int[] tokens, int n, int vocabSize, int eosId, long documents) {
        int width = vocabSize <= 65536 ? 2 : 4;
        ByteBuffer header = ByteBuffer.allocate(HEADER_BYTES).order(ByteOrder.LITTLE_ENDIAN);
        header.put(MAGIC).putInt(VERSION).putInt(width).putLong(n).putInt(vocabSize).putInt(eosId).putLong(documents);
        header.position(HEADER_BYTES).flip();
        for (int i = 0; i < n; i++) {
            if (tokens[i] < 0 || tokens[i] >= vocabSize) {
                throw new PhiException(path + ": token id " + tokens[i] + " is outside the vocabulary (0.." + (vocabSize - 1) + ")");
            }
        }
        AtomicFile.write(path, ch -> {
            writeFully(ch, header);
            ByteBuffer buf = ByteBuffer.allocate(1 << 16).order(ByteOrder.LITTLE_ENDIAN);
            for (int i = 0; i < n; i++) {
                if (buf.remaining() < 4) {
                    buf.flip();
                    writeFully(ch, buf);
                    buf.clear();
                }
                if (width == 2) {
                    buf.putShort((short) tokens[i]);
                } else {
                    buf.putInt(tokens[i]);
                }
            }
            buf.flip();
            writeFully(ch, buf);
        });
    }

    private static void writeFully(FileChannel ch, ByteBuffer b) throws IOException {
        while (b.hasRemaining()) {
            ch.write(b);
        }
    }
}
