package io.phi4j.format.gguf;

import io.phi4j.PhiException;
import io.phi4j.tensor.GgmlType;
import io.phi4j.tensor.Tensor;

import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Parses and validates a mapped GGUF v2/v3 file (layout as in ggml's gguf.cpp): header, metadata key/values,
 * tensor infos, then the aligned data section. Nothing is allocated before its size has been checked against the
 * bytes left in the file, so a hostile header cannot make us allocate more than the file's own size.
 */
final class GgufParser {
    static final int MAGIC = 0x46554747; // "GGUF" read as a little-endian uint32
    static final int MAX_DIMS = 4;       // GGML_MAX_DIMS
    static final int MAX_ARRAY_DEPTH = 8;
    private static final int MIN_KV_BYTES = 8 + 4 + 1;          // empty key, type, 1-byte value
    private static final int MIN_TENSOR_INFO_BYTES = 8 + 4 + 4 + 8; // empty name, n_dims 0, type, offset

    private final GgufCursor in;
    private final String file;

    GgufParser(MemorySegment segment, String file) {
        this.in = new GgufCursor(segment, file);
        this.file = file;
    }

    record TensorInfo(String name, GgmlType type, long[] shape, long offset, long bytes) {
    }

    record Result(int version, Map<String, GgufValue> metadata, int alignment, long dataOffset, List<TensorInfo> infos) {
    }

    Result parse() {
        if (in.size() < 4) {
            throw in.error("not a GGUF file: only " + in.size() + " bytes long");
        }
        int magic = in.i32("magic");
        if (magic != MAGIC) {
            throw in.error(String.format("not a GGUF file: it starts with bytes %s, not 'GGUF'", hex(magic)));
        }
        int version = in.i32("version");
        if (version == 1) {
            throw in.error("GGUF version 1 is not supported (only versions 2 and 3); re-convert the model");
        }
        if (version != 2 && version != 3) {
            if (Integer.reverseBytes(version) == 2 || Integer.reverseBytes(version) == 3) {
                throw in.error("big-endian GGUF files are not supported");
            }
            throw in.error("unsupported GGUF version " + Integer.toUnsignedString(version) + " (only 2 and 3)");
        }
        long tensorCount = in.i64("tensor count");
        long kvCount = in.i64("metadata key/value count");
        long room = in.remaining();
        if (kvCount < 0 || kvCount > room / MIN_KV_BYTES) {
            throw in.error("metadata key/value count " + Long.toUnsignedString(kvCount)
                    + " is impossible for a file of " + in.size() + " bytes");
        }
        if (tensorCount < 0 || tensorCount > (room - kvCount * MIN_KV_BYTES) / MIN_TENSOR_INFO_BYTES) {
            throw in.error("tensor count " + Long.toUnsignedString(tensorCount)
                    + " is impossible for a file of " + in.size() + " bytes");
        }

        Map<String, GgufValue> metadata = new LinkedHashMap<>();
        for (long i = 0; i < kvCount; i++) {
            String key = in.string("metadata key #" + i);
            int typeId = in.i32("type of metadata key " + q(key));
            GgufValueType type = GgufValueType.byId(Integer.toUnsignedLong(typeId));
            if (type == null) {
                throw in.error("metadata key " + q(key) + " has unknown value type id " + Integer.toUnsignedString(typeId));
            }
            GgufValue value = readValue(type, key, 0);
            if (metadata.putIfAbsent(key, value) != null) {
                throw in.error("metadata key " + q(key) + " appears twice");
            }
        }
        int alignment = alignment(metadata);

        List<TensorInfo> infos = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (long i = 0; i < tensorCount; i++) {
            TensorInfo info = readTensorInfo(i);
            if (!names.add(info.name())) {
                throw in.error("tensor name " + q(info.name()) + " appears twice");
            }
            infos.add(info);
        }
        long dataOffset = alignUp(in.position(), alignment);
        checkPlacement(infos, alignment, dataOffset);
        return new Result(version, metadata, alignment, dataOffset, infos);
    }

    private GgufValue readValue(GgufValueType type, String key, int depth) {
        String what = "value of metadata key " + q(key);
        return switch (type) {
            case UINT8 -> new GgufValue(type, (long) in.u8(what));
            case INT8 -> new GgufValue(type, (long) (byte) in.u8(what));
            case UINT16 -> new GgufValue(type, (long) in.u16(what));
            case INT16 -> new GgufValue(type, (long) (short) in.u16(what));
            case UINT32 -> new GgufValue(type, Integer.toUnsignedLong(in.i32(what)));
            case INT32 -> new GgufValue(type, (long) in.i32(what));
            case UINT64, INT64 -> new GgufValue(type, in.i64(what));
            case FLOAT32 -> GgufValue.float32(Float.intBitsToFloat(in.i32(what)));
            case FLOAT64 -> GgufValue.float64(Double.longBitsToDouble(in.i64(what)));
            case BOOL -> GgufValue.bool(in.u8(what) != 0);
            case STRING -> GgufValue.string(in.string(what));
            case ARRAY -> GgufValue.array(readArray(key, depth));
        };
    }

    private GgufArray readArray(String key, int depth) {
        if (depth >= MAX_ARRAY_DEPTH) {
            throw in.error("metadata key " + q(key) + " has arrays nested more than " + MAX_ARRAY_DEPTH + " deep");
        }
        int typeId = in.i32("element type of array " + q(key));
        GgufValueType et = GgufValueType.byId(Integer.toUnsignedLong(typeId));
        if (et == null) {
            throw in.error("metadata key " + q(key) + " is an array of unknown value type id "
                    + Integer.toUnsignedString(typeId));
        }
        long count = in.i64("length of array " + q(key));
        if (count < 0 || count > in.remaining() / et.minEncodedSize() || count > Integer.MAX_VALUE - 16) {
            throw in.error("metadata key " + q(key) + ": array of " + Long.toUnsignedString(count) + " " + et
                    + " elements cannot fit in the " + in.remaining() + " bytes left at offset " + in.position());
        }
        int n = (int) count;
        String what = "element of array " + q(key);
        return switch (et) {
            case UINT8, INT8, BOOL -> {
                byte[] raw = new byte[n];
                in.copyBytes(raw, n);
                if (et == GgufValueType.BOOL) {
                    boolean[] b = new boolean[n];
                    for (int i = 0; i < n; i++) {
                        b[i] = raw[i] != 0;
                    }
                    yield GgufArray.wrap(et, b);
                }
                yield GgufArray.wrap(et, raw);
            }
            case UINT16, INT16 -> {
                short[] raw = new short[n];
                in.copyShorts(raw, n);
                yield GgufArray.wrap(et, raw);
            }
            case UINT32, INT32 -> {
                int[] raw = new int[n];
                in.copyInts(raw, n);
                yield GgufArray.wrap(et, raw);
            }
            case FLOAT32 -> {
                float[] f = new float[n];
                in.copyFloats(f, n);
                yield GgufArray.wrap(et, f);
            }
            case UINT64, INT64 -> {
                long[] raw = new long[n];
                in.copyLongs(raw, n);
                yield GgufArray.wrap(et, raw);
            }
            case FLOAT64 -> {
                double[] d = new double[n];
                in.copyDoubles(d, n);
                yield GgufArray.wrap(et, d);
            }
            case STRING -> {
                String[] s = new String[n];
                for (int i = 0; i < n; i++) {
                    s[i] = in.string(what);
                }
                yield GgufArray.wrap(et, s);
            }
            case ARRAY -> {
                GgufArray[] a = new GgufArray[n];
                for (int i = 0; i < n; i++) {
                    a[i] = readArray(key, depth + 1);
                }
                yield GgufArray.wrap(et, a);
            }
        };
    }

    private int alignment(Map<String, GgufValue> metadata) {
        GgufValue v = metadata.get("general.alignment");
        if (v == null) {
            return GgufFile.DEFAULT_ALIGNMENT;
        }
        if (!v.type().isInteger()) {
            throw in.error("general.alignment is " + v.type() + ", expected an integer");
        }
        long a = (Long) v.value();
        if (a <= 0 || a > (1 << 30) || Long.bitCount(a) != 1) {
            throw in.error("general.alignment " + v + " is not a power of two between 1 and 2^30");
        }
        return (int) a;
    }

    private TensorInfo readTensorInfo(long index) {
        String name = in.string("name of tensor #" + index);
        String what = "tensor " + q(name);
        int nDims = in.i32("dimension count of " + what);
        if (nDims < 0 || nDims > MAX_DIMS) {
            throw in.error(what + " has " + Integer.toUnsignedString(nDims) + " dimensions (at most " + MAX_DIMS + ")");
        }
        long[] ggufDims = new long[nDims];
        long elements = 1;
        for (int d = 0; d < nDims; d++) {
            long dim = in.i64("dimension " + d + " of " + what);
            if (dim <= 0) {
                throw in.error(what + " has dimension " + Long.toUnsignedString(dim) + " (must be positive)");
            }
            ggufDims[d] = dim;
            try {
                elements = Math.multiplyExact(elements, dim);
            } catch (ArithmeticException e) {
                throw in.error(what + " has too many elements (dimensions overflow 64 bits)");
            }
        }
        int typeId = in.i32("type of " + what);
        GgmlType type = GgmlType.byId(typeId).orElseThrow(() -> in.error(what + " has unknown or unsupported ggml type id "
                + Integer.toUnsignedString(typeId)));
        long offset = in.i64("data offset of " + what);

        long rowLength = nDims == 0 ? 1 : ggufDims[0];
        if (rowLength % type.blockSize() != 0) {
            throw in.error(what + ": row length " + rowLength + " is not a multiple of " + type + "'s block size "
                    + type.blockSize());
        }
        long bytes;
        try {
            bytes = Math.multiplyExact(elements / type.blockSize(), (long) type.blockBytes());
        } catch (ArithmeticException e) {
            throw in.error(what + " is too large (its byte size overflows 64 bits)");
        }
        if (rowLength > Integer.MAX_VALUE || elements / rowLength > Integer.MAX_VALUE) {
            throw in.error(what + " is too large: phi4j handles at most 2^31-1 rows of 2^31-1 elements");
        }
        long[] shape = new long[nDims];
        for (int d = 0; d < nDims; d++) {
            shape[d] = ggufDims[nDims - 1 - d]; // GGUF lists dims innermost first; Tensor shapes are row-major
        }
        return new TensorInfo(name, type, shape, offset, bytes);
    }

    private void checkPlacement(List<TensorInfo> infos, int alignment, long dataOffset) {
        long size = in.size();
        for (TensorInfo t : infos) {
            String what = "tensor " + q(t.name());
            if (t.offset() < 0 || t.offset() % alignment != 0) {
                throw in.error(what + ": data offset " + Long.toUnsignedString(t.offset())
                        + " is not a multiple of the alignment " + alignment);
            }
            if (t.offset() > size - dataOffset || t.bytes() > size - dataOffset - t.offset()) {
                throw in.error(what + ": data at offset " + Long.toUnsignedString(t.offset()) + " (+" + t.bytes()
                        + " bytes) in the data section starting at " + dataOffset
                        + " runs past the end of the file (size " + size + ")");
            }
        }
        List<TensorInfo> byOffset = new ArrayList<>(infos);
        byOffset.sort(Comparator.comparingLong(TensorInfo::offset));
        for (int i = 1; i < byOffset.size(); i++) {
            TensorInfo prev = byOffset.get(i - 1);
            TensorInfo next = byOffset.get(i);
            if (prev.offset() + prev.bytes() > next.offset()) {
                throw in.error("tensors " + q(prev.name()) + " and " + q(next.name()) + " overlap (offsets "
                        + prev.offset() + "+" + prev.bytes() + " and " + next.offset() + ")");
            }
        }
    }

    /**
     * A key or tensor name from the file, quoted for an error message: control and other invisible characters are
     * escaped (a hostile name must not break the one-line message) and very long names are cut.
     */
    static String q(String s) {
        StringBuilder sb = new StringBuilder("'");
        int shown = Math.min(s.length(), 120);
        for (int i = 0; i < shown; i++) {
            char c = s.charAt(i);
            if (Character.isISOControl(c) || Character.getType(c) == Character.LINE_SEPARATOR
                    || Character.getType(c) == Character.PARAGRAPH_SEPARATOR) {
                sb.append(String.format("\\u%04x", (int) c));
            } else {
                sb.append(c);
            }
        }
        return sb.append(s.length() > shown ? "...'" : "'").toString();
    }

    static long alignUp(long x, long alignment) {
        return (x + alignment - 1) / alignment * alignment;
    }

    private static String hex(int magic) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 4; i++) {
            int b = (magic >>> (8 * i)) & 0xFF;
            sb.append(i == 0 ? "" : " ").append(String.format("%02x", b));
        }
        return sb.toString();
    }

    Tensor tensor(MemorySegment segment, long dataOffset, TensorInfo info) {
        try {
            return new Tensor(info.name(), info.type(), info.shape(),
                    segment.asSlice(dataOffset + info.offset(), info.bytes()));
        } catch (PhiException e) {
            throw new PhiException(file + ": " + e.getMessage(), e);
        }
    }
}
