package io.phi4j.convert;

import io.phi4j.format.gguf.GgufValue;
import io.phi4j.format.gguf.GgufWriter;
import io.phi4j.tensor.GgmlType;
import io.phi4j.tensor.Tensor;
import io.phi4j.tensor.TensorEncoder;

import java.lang.foreign.MemorySegment;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Writes a GGUF file tensor by tensor: each tensor is encoded (quantized) straight into its memory-mapped region
 * of the output as the writer reaches it, so converting or quantizing a multi-gigabyte model needs no heap copy
 * of it.
 */
public final class GgufOutput {
    private GgufOutput() {
    }

    /**
     * One tensor of the output.
     *
     * @param rows   where its values come from (used when {@code source} is null or of another type)
     * @param source an existing tensor copied byte for byte when it already has {@code type}, else null
     */
    public record OutTensor(String name, long[] shape, GgmlType type, TensorEncoder.RowSource rows, Tensor source) {
        public long elements() {
            return Tensor.elementCount(shape);
        }

        /** Re-encodes {@code t} (or copies it, if it already is of {@code type}). */
        public static OutTensor from(Tensor t, GgmlType type) {
            return new OutTensor(t.name(), t.shape(), type, TensorEncoder.rowsOf(t), t);
        }
    }

    /** Writes {@code tensors} in order after {@code metadata}, reporting progress under {@code task}. */
    public static void write(Path out, Map<String, GgufValue> metadata, List<OutTensor> tensors, String task, Progress progress) {
        long total = 0;
        for (OutTensor t : tensors) {
            total += t.elements();
        }
        List<GgufWriter.PendingTensor> pending = new ArrayList<>(tensors.size());
        for (OutTensor t : tensors) {
            pending.add(new GgufWriter.PendingTensor(t.name(), t.type(), t.shape(), region -> fill(t, region, progress)));
        }
        progress.start(task, total);
        try {
            GgufWriter.writePending(out, metadata, pending);
        } finally {
            progress.finish();
        }
    }

    private static void fill(OutTensor t, MemorySegment region, Progress progress) {
        if (t.source() != null && t.source().type() == t.type()) {
            MemorySegment.copy(t.source().data(), 0, region, 0, region.byteSize());
            progress.advance(t.elements());
            return;
        }
        long[] shape = t.shape();
        int cols = shape.length == 0 ? 1 : Math.toIntExact(shape[shape.length - 1]);
        long rows = t.elements() / Math.max(1, cols);
        TensorEncoder.encode(t.rows(), rows, cols, t.type(), region, progress::advance);
    }

    /** Tensor count per type, e.g. {F32=98, Q4_0=129, Q6_K=1}, for reports. */
    public static Map<String, Integer> typeCounts(List<OutTensor> tensors) {
        Map<String, Integer> counts = new TreeMap<>();
        for (OutTensor t : tensors) {
            counts.merge(t.type().name(), 1, Integer::sum);
        }
        return counts;
    }
}
