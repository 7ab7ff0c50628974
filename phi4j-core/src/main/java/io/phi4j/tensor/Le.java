package io.phi4j.tensor;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;

/** Little-endian field access shared by the codecs (ggml blocks are little-endian and packed, so unaligned). */
final class Le {
    static final ValueLayout.OfShort SHORT = ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    static final ValueLayout.OfInt INT = ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    static final ValueLayout.OfFloat FLOAT = ValueLayout.JAVA_FLOAT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);

    private Le() {
    }

    static int u8(MemorySegment s, long offset) {
        return s.get(ValueLayout.JAVA_BYTE, offset) & 0xFF;
    }

    static byte i8(MemorySegment s, long offset) {
        return s.get(ValueLayout.JAVA_BYTE, offset);
    }

    static void putU8(MemorySegment s, long offset, int value) {
        s.set(ValueLayout.JAVA_BYTE, offset, (byte) value);
    }

    /** A half-precision field decoded to float. */
    static float f16(MemorySegment s, long offset) {
        return Float.float16ToFloat(s.get(SHORT, offset));
    }

    static void putF16(MemorySegment s, long offset, float value) {
        s.set(SHORT, offset, Fp16.fromFloat(value));
    }

    /** Throws unless {@code count} is a whole number of {@code type}'s blocks (a caller bug, not bad input). */
    static int blocks(GgmlType type, int count) {
        if (count < 0 || count % type.blockSize() != 0) {
            throw new IllegalArgumentException(type + ": " + count + " elements is not a whole number of "
                    + type.blockSize() + "-element blocks");
        }
        return count / type.blockSize();
    }
}
