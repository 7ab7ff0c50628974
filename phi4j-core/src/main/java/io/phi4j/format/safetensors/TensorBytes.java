package io.phi4j.format.safetensors;

import io.phi4j.PhiException;
import io.phi4j.tensor.Codecs;
import io.phi4j.tensor.GgmlType;
import io.phi4j.tensor.Tensor;

import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;

/**
 * Streams a tensor's elements to a file as F32, F16 or BF16 a chunk at a time, converting on the way, so
 * writing a multi-gigabyte model needs only a fixed small buffer. Rounding matches PyTorch's {@code .to(dtype)}
 * on CPU: round-to-nearest-even for both halves; every NaN becomes BF16 0xFFFF, as ATen's vectorized
 * {@code cvtfp32_bf16} writes it (the scalar c10::BFloat16 path would give 0x7FC0).
 */
final class TensorBytes {
    /** Elements per chunk: a multiple of every ggml block size (32, 256). */
    static final int CHUNK = 1 << 16;

    private static final ValueLayout.OfFloat LE_FLOAT = ValueLayout.JAVA_FLOAT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final ValueLayout.OfShort LE_SHORT = ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);

    private final float[] floats = new float[CHUNK];
    private final byte[] bytes = new byte[CHUNK * 4];
    private final MemorySegment byteSegment = MemorySegment.ofArray(bytes);

    /** Writes {@code t}'s elements as {@code target} to {@code ch}. */
    void write(Tensor t, GgmlType target, FileChannel ch) throws IOException {
        if (t.type() == target) {
            copyRaw(t.data(), ch);
            return;
        }
        if (t.type() != GgmlType.F32 && t.type() != GgmlType.F16 && t.type() != GgmlType.BF16
                && !Codecs.isSupported(t.type())) {
            throw new PhiException("tensor " + t.name() + ": cannot convert " + t.type() + " to " + target);
        }
        long elements = t.elementCount();
        int elementBytes = target == GgmlType.F32 ? 4 : 2;
        for (long start = 0; start < elements; start += CHUNK) {
            int n = (int) Math.min(CHUNK, elements - start);
            decode(t, start, n);
            encode(target, n);
            AtomicFile.writeFully(ch, ByteBuffer.wrap(bytes, 0, n * elementBytes));
        }
    }

    private void copyRaw(MemorySegment data, FileChannel ch) throws IOException {
        long size = data.byteSize();
        for (long off = 0; off < size; off += bytes.length) {
            int n = (int) Math.min(bytes.length, size - off);
            MemorySegment.copy(data, off, byteSegment, 0, n);
            AtomicFile.writeFully(ch, ByteBuffer.wrap(bytes, 0, n));
        }
    }

    private void decode(Tensor t, long start, int n) {
        MemorySegment data = t.data();
        switch (t.type()) {
            case F32 -> MemorySegment.copy(data, LE_FLOAT, start * 4, floats, 0, n);
            case F16 -> {
                for (int i = 0; i < n; i++) {
                    floats[i] = Float.float16ToFloat(data.get(LE_SHORT, (start + i) * 2));
                }
            }
            case BF16 -> {
                for (int i = 0; i < n; i++) {
                    floats[i] = Float.intBitsToFloat((data.get(LE_SHORT, (start + i) * 2) & 0xFFFF) << 16);
                }
            }
            // Quantized types: start and n are whole blocks because CHUNK is a multiple of every block size.
            default -> Codecs.of(t.type()).dequantize(data, t.type().byteSize(start), floats, 0, n);
        }
    }

    private void encode(GgmlType target, int n) {
        switch (target) {
            case F32 -> MemorySegment.copy(floats, 0, byteSegment, LE_FLOAT, 0, n);
            case F16 -> {
                for (int i = 0; i < n; i++) {
                    byteSegment.set(LE_SHORT, 2L * i, Float.floatToFloat16(floats[i]));
                }
            }
            case BF16 -> {
                for (int i = 0; i < n; i++) {
                    byteSegment.set(LE_SHORT, 2L * i, toBf16(floats[i]));
                }
            }
            default -> throw new IllegalArgumentException("safetensors cannot hold " + target);
        }
    }

    /** PyTorch's float → bfloat16 (round to nearest even; NaN as ATen's vectorized CPU kernel writes it). */
    static short toBf16(float f) {
        if (Float.isNaN(f)) {
            return (short) 0xFFFF;
        }
        int bits = Float.floatToRawIntBits(f);
        int roundingBias = ((bits >>> 16) & 1) + 0x7FFF;
        return (short) ((bits + roundingBias) >>> 16);
    }
}
