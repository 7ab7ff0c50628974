package io.phi4j.format.gguf;

import io.phi4j.PhiException;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/**
 * Sequential little-endian reads over a mapped GGUF file. Every read first checks that the bytes exist, so a
 * truncated or lying file gives a {@link PhiException} naming the file, the offset and what was being read.
 */
final class GgufCursor {
    private static final ValueLayout.OfShort SHORT = ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final ValueLayout.OfInt INT = ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final ValueLayout.OfLong LONG = ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final ValueLayout.OfFloat FLOAT = ValueLayout.JAVA_FLOAT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final ValueLayout.OfDouble DOUBLE = ValueLayout.JAVA_DOUBLE_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);

    private final MemorySegment segment;
    private final String file;
    private final long size;
    private long pos;
    private byte[] scratch = new byte[256];

    GgufCursor(MemorySegment segment, String file) {
        this.segment = segment;
        this.file = file;
        this.size = segment.byteSize();
    }

    long position() {
        return pos;
    }

    long remaining() {
        return size - pos;
    }

    long size() {
        return size;
    }

    PhiException error(String message) {
        return new PhiException(file + ": " + message);
    }

    /** Fails unless {@code n} more bytes exist; {@code what} says what they would have been. */
    void require(long n, String what) {
        if (n < 0 || n > size - pos) {
            throw error("truncated: " + what + " at offset " + pos + " needs " + (n < 0 ? Long.toUnsignedString(n) : n)
                    + " bytes, but the file has only " + (size - pos) + " left (file size " + size + ")");
        }
    }

    int u8(String what) {
        require(1, what);
        return segment.get(ValueLayout.JAVA_BYTE, pos++) & 0xFF;
    }

    int u16(String what) {
        require(2, what);
        int v = segment.get(SHORT, pos) & 0xFFFF;
        pos += 2;
        return v;
    }

    /** A 32-bit field as an int (the caller decides whether it is signed). */
    int i32(String what) {
        require(4, what);
        int v = segment.get(INT, pos);
        pos += 4;
        return v;
    }

    /** A 64-bit field as raw bits (callers treat counts as unsigned: negative means at least 2^63). */
    long i64(String what) {
        require(8, what);
        long v = segment.get(LONG, pos);
        pos += 8;
        return v;
    }

    /** A GGUF string: uint64 byte length, then that many UTF-8 bytes (no terminator). */
    String string(String what) {
        long len = i64(what + " length");
        require(len, what);
        if (len > Integer.MAX_VALUE - 16) {
            throw error(what + " at offset " + pos + " is " + len + " bytes long, too long for a string");
        }
        int n = (int) len;
        if (scratch.length < n) {
            scratch = new byte[Math.max(n, scratch.length * 2)];
        }
        MemorySegment.copy(segment, ValueLayout.JAVA_BYTE, pos, scratch, 0, n);
        pos += n;
        return new String(scratch, 0, n, StandardCharsets.UTF_8);
    }

    /** Bulk copies of fixed-size array elements (the count was already checked against the file size). */
    void copyInts(int[] dst, int n) {
        MemorySegment.copy(segment, INT, pos, dst, 0, n);
        pos += 4L * n;
    }

    void copyLongs(long[] dst, int n) {
        MemorySegment.copy(segment, LONG, pos, dst, 0, n);
        pos += 8L * n;
    }

    void copyFloats(float[] dst, int n) {
        MemorySegment.copy(segment, FLOAT, pos, dst, 0, n);
        pos += 4L * n;
    }

    void copyDoubles(double[] dst, int n) {
        MemorySegment.copy(segment, DOUBLE, pos, dst, 0, n);
        pos += 8L * n;
    }

    void copyBytes(byte[] dst, int n) {
        MemorySegment.copy(segment, ValueLayout.JAVA_BYTE, pos, dst, 0, n);
        pos += n;
    }

    void copyShorts(short[] dst, int n) {
        MemorySegment.copy(segment, SHORT, pos, dst, 0, n);
        pos += 2L * n;
    }
}
