package io.phi4j.format.gguf;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/** A growable little-endian byte buffer for the GGUF header (metadata and tensor infos; the data is streamed). */
final class GgufHeaderBytes {
    private byte[] buf = new byte[4096];
    private int len;

    int length() {
        return len;
    }

    byte[] bytes() {
        return Arrays.copyOf(buf, len);
    }

    private void ensure(int more) {
        if (len + more > buf.length) {
            long want = Math.max((long) buf.length * 2, (long) len + more);
            if (want > Integer.MAX_VALUE - 16) {
                throw new IllegalStateException("GGUF header larger than 2 GB");
            }
            buf = Arrays.copyOf(buf, (int) want);
        }
    }

    void u8(int v) {
        ensure(1);
        buf[len++] = (byte) v;
    }

    void u16(int v) {
        ensure(2);
        buf[len++] = (byte) v;
        buf[len++] = (byte) (v >>> 8);
    }

    void u32(int v) {
        ensure(4);
        for (int i = 0; i < 4; i++) {
            buf[len++] = (byte) (v >>> (8 * i));
        }
    }

    void u64(long v) {
        ensure(8);
        for (int i = 0; i < 8; i++) {
            buf[len++] = (byte) (v >>> (8 * i));
        }
    }

    void string(String s) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        u64(b.length);
        ensure(b.length);
        System.arraycopy(b, 0, buf, len, b.length);
        len += b.length;
    }

    void value(GgufValue v) {
        switch (v.type()) {
            case UINT8, INT8 -> u8((int) (long) (Long) v.value());
            case UINT16, INT16 -> u16((int) (long) (Long) v.value());
            case UINT32, INT32 -> u32((int) (long) (Long) v.value());
            case UINT64, INT64 -> u64((Long) v.value());
            case FLOAT32 -> u32(Float.floatToRawIntBits((Float) v.value()));
            case FLOAT64 -> u64(Double.doubleToRawLongBits((Double) v.value()));
            case BOOL -> u8((Boolean) v.value() ? 1 : 0);
            case STRING -> string((String) v.value());
            case ARRAY -> array((GgufArray) v.value());
        }
    }

    void array(GgufArray a) {
        u32(a.elementType().id());
        u64(a.size());
        switch (a.data()) {
            case byte[] x -> {
                for (byte b : x) {
                    u8(b);
                }
            }
            case short[] x -> {
                for (short s : x) {
                    u16(s);
                }
            }
            case int[] x -> {
                for (int i : x) {
                    u32(i);
                }
            }
            case long[] x -> {
                for (long l : x) {
                    u64(l);
                }
            }
            case float[] x -> {
                for (float f : x) {
                    u32(Float.floatToRawIntBits(f));
                }
            }
            case double[] x -> {
                for (double d : x) {
                    u64(Double.doubleToRawLongBits(d));
                }
            }
            case boolean[] x -> {
                for (boolean b : x) {
                    u8(b ? 1 : 0);
                }
            }
            case String[] x -> {
                for (String s : x) {
                    string(s);
                }
            }
            case GgufArray[] x -> {
                for (GgufArray inner : x) {
                    array(inner);
                }
            }
            default -> throw new AssertionError(a.data().getClass());
        }
    }

    void padTo(long alignment) {
        while (len % alignment != 0) {
            u8(0);
        }
    }
}
