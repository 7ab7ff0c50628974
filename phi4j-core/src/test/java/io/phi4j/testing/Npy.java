package io.phi4j.testing;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads NumPy {@code .npy} arrays of little-endian float32/float64/int32/int64 (test reference data). */
public record Npy(long[] shape, double[] values) {
    private static final Pattern DESCR = Pattern.compile("'descr':\\s*'([<|>]?)([fi])(\\d)'");
    private static final Pattern SHAPE = Pattern.compile("'shape':\\s*\\(([^)]*)\\)");

    public static Npy read(Path file) throws IOException {
        return parse(Files.readAllBytes(file));
    }

    public static Npy parse(byte[] bytes) {
        ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        if (bytes[0] != (byte) 0x93 || bytes[1] != 'N') {
            throw new IllegalArgumentException("not a .npy file");
        }
        int major = bytes[6];
        int headerLen = major == 1 ? Short.toUnsignedInt(b.getShort(8)) : b.getInt(8);
        int start = major == 1 ? 10 : 12;
        String header = new String(bytes, start, headerLen, StandardCharsets.ISO_8859_1);
        if (header.contains("'fortran_order': True")) {
            throw new IllegalArgumentException("fortran order");
        }
        Matcher d = DESCR.matcher(header);
        Matcher s = SHAPE.matcher(header);
        if (!d.find() || !s.find()) {
            throw new IllegalArgumentException("unsupported header " + header);
        }
        String[] dims = s.group(1).split(",");
        long[] shape = java.util.Arrays.stream(dims).map(String::trim).filter(x -> !x.isEmpty()).mapToLong(Long::parseLong).toArray();
        long n = 1;
        for (long x : shape) {
            n *= x;
        }
        char kind = d.group(2).charAt(0);
        int size = Integer.parseInt(d.group(3));
        double[] v = new double[Math.toIntExact(n)];
        int off = start + headerLen;
        for (int i = 0; i < v.length; i++) {
            int p = off + i * size;
            v[i] = switch (kind + "" + size) {
                case "f4" -> b.getFloat(p);
                case "f8" -> b.getDouble(p);
                case "i4" -> b.getInt(p);
                case "i8" -> b.getLong(p);
                default -> throw new IllegalArgumentException("dtype " + kind + size);
            };
        }
        return new Npy(shape, v);
    }

    public int rows() {
        return (int) shape[0];
    }

    public int cols() {
        return (int) (values.length / shape[0]);
    }

    public double get(int row, int col) {
        return values[row * cols() + col];
    }
}
