package io.phi4j.format.safetensors;

import io.phi4j.tensor.GgmlType;
import io.phi4j.tensor.Tensor;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/** Helpers for building safetensors images and tensors in tests. */
final class SafetensorsTestFiles {
    private SafetensorsTestFiles() {
    }

    /** A raw file: 8-byte LE length of {@code json}, the JSON itself (unpadded), then {@code dataBytes} bytes 0,1,2,... */
    static byte[] raw(String json, int dataBytes) {
        byte[] header = json.getBytes(StandardCharsets.UTF_8);
        ByteBuffer b = ByteBuffer.allocate(8 + header.length + dataBytes).order(ByteOrder.LITTLE_ENDIAN);
        b.putLong(header.length).put(header);
        for (int i = 0; i < dataBytes; i++) {
            b.put((byte) i);
        }
        return b.array();
    }

    /** Element i of a tensor is {@code start + i * step}, encoded as {@code type} (values chosen exact in it). */
    static Tensor ramp(String name, GgmlType type, long[] shape, double start, double step) {
        int n = Math.toIntExact(Tensor.elementCount(shape));
        int size = type == GgmlType.F32 ? 4 : 2;
        MemorySegment seg = MemorySegment.ofArray(new byte[n * size]);
        for (int i = 0; i < n; i++) {
            float v = (float) (start + i * step);
            switch (type) {
                case F32 -> seg.set(ValueLayout.JAVA_FLOAT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN), 4L * i, v);
                case F16 -> seg.set(ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN), 2L * i,
                        Float.floatToFloat16(v));
                case BF16 -> {
                    int bits = Float.floatToRawIntBits(v);
                    if ((bits & 0xFFFF) != 0) {
                        throw new IllegalArgumentException(v + " is not exact in BF16");
                    }
                    seg.set(ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN), 2L * i, (short) (bits >>> 16));
                }
                default -> throw new IllegalArgumentException(type.toString());
            }
        }
        return new Tensor(name, type, shape, seg);
    }

    /** Decodes an F32, F16 or BF16 tensor without relying on registered codecs. */
    static float[] floats(Tensor t) {
        int n = Math.toIntExact(t.elementCount());
        float[] out = new float[n];
        MemorySegment d = t.data();
        for (int i = 0; i < n; i++) {
            out[i] = switch (t.type()) {
                case F32 -> d.get(ValueLayout.JAVA_FLOAT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN), 4L * i);
                case F16 -> Float.float16ToFloat(d.get(ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN), 2L * i));
                case BF16 -> Float.intBitsToFloat(
                        (d.get(ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN), 2L * i) & 0xFFFF) << 16);
                default -> throw new IllegalArgumentException(t.type().toString());
            };
        }
        return out;
    }

    /** Byte arrays equal, or a failure naming the first difference (AssertJ would print every byte). */
    static void assertSameBytes(byte[] actual, byte[] expected) {
        int n = Math.min(actual.length, expected.length);
        for (int i = 0; i < n; i++) {
            if (actual[i] != expected[i]) {
                throw new AssertionError("bytes differ first at offset " + i + ": expected 0x"
                        + Integer.toHexString(expected[i] & 0xFF) + ", got 0x" + Integer.toHexString(actual[i] & 0xFF));
            }
        }
        if (actual.length != expected.length) {
            throw new AssertionError("expected " + expected.length + " bytes, got " + actual.length);
        }
    }

    static byte[] bytes(Tensor t) {
        return t.data().toArray(ValueLayout.JAVA_BYTE);
    }

    static byte[] resource(String name) {
        try (InputStream in = SafetensorsTestFiles.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("missing test resource " + name);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
