package io.phi4j.tensor;

import io.phi4j.PhiException;

import java.lang.foreign.MemorySegment;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.Future;
import java.util.function.LongConsumer;
import java.util.stream.IntStream;

/**
 * Encodes a tensor row by row into any element type, straight into its destination (typically a memory-mapped
 * region of the output file), on all cores. Rows are produced by a {@link RowSource} a chunk at a time, so the
 * heap holds a few megabytes per worker whatever the tensor's size. Every row is quantized on its own (a block
 * never spans rows), so the bytes do not depend on how the work is split.
 */
public final class TensorEncoder {
    /** About this many elements per chunk of work (4 MB of floats). */
    private static final int CHUNK_ELEMENTS = 1 << 20;

    private TensorEncoder() {
    }

    /** Fills {@code dst[0 .. count * cols)} with rows {@code first .. first + count}. Must be thread-safe. */
    @FunctionalInterface
    public interface RowSource {
        void read(long first, int count, float[] dst);
    }

    /** The rows of an existing tensor, decoded to floats. */
    public static RowSource rowsOf(Tensor t) {
        BlockCodec codec = Codecs.of(t.type());
        long rowBytes = t.rowBytes();
        int cols = t.cols();
        return (first, count, dst) -> codec.dequantize(t.data(), first * rowBytes, dst, 0, Math.multiplyExact(count, cols));
    }

    /**
     * Encodes {@code rows × cols} elements from {@code source} as {@code type} into {@code target} (exactly
     * {@code type.byteSize(rows * cols)} bytes). {@code progress} (may be null) receives element counts as chunks
     * finish, from any thread.
     */
    public static void encode(RowSource source, long rows, int cols, GgmlType type, MemorySegment target,
                              LongConsumer progress) {
        if (cols % type.blockSize() != 0) {
            throw new PhiException("row length " + cols + " is not a multiple of " + type + "'s block size " + type.blockSize());
        }
        long rowBytes = type.byteSize(cols);
        if (target.byteSize() != rows * rowBytes) {
            throw new IllegalArgumentException("target holds " + target.byteSize() + " bytes, " + rows + " rows of "
                    + type + " need " + rows * rowBytes);
        }
        BlockCodec codec = Codecs.of(type);
        int rowsPerChunk = (int) Math.max(1, Math.min(rows, CHUNK_ELEMENTS / Math.max(1, cols)));
        int chunks = Math.toIntExact((rows + rowsPerChunk - 1) / rowsPerChunk);
        Runnable work = () -> IntStream.range(0, chunks).parallel().forEach(c -> {
            long first = (long) c * rowsPerChunk;
            int count = (int) Math.min(rowsPerChunk, rows - first);
            float[] buf = new float[count * cols];
            source.read(first, count, buf);
            codec.quantize(buf, 0, target, first * rowBytes, buf.length);
            if (progress != null) {
                progress.accept((long) count * cols);
            }
        });
        if (chunks <= 1) {
            work.run();
            return;
        }
        // The common pool may be busy or tiny; a pool of our own keeps every core on the job.
        ForkJoinPool pool = POOL;
        Future<?> f = pool.submit(work);
        try {
            f.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PhiException("interrupted while encoding a tensor");
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof RuntimeException r) {
                throw r;
            }
            if (cause instanceof Error err) {
                throw err;
            }
            throw new IllegalStateException(cause);
        }
    }

    private static final ForkJoinPool POOL = new ForkJoinPool(Runtime.getRuntime().availableProcessors(),
            p -> {
                var t = ForkJoinPool.defaultForkJoinWorkerThreadFactory.newThread(p);
                t.setDaemon(true);
                t.setName("phi4j-encode-" + t.getPoolIndex());
                return t;
            }, null, false);
}
