package io.phi4j.format.safetensors;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.phi4j.PhiException;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The parsed and validated JSON header of a safetensors file. The checks are those of the reference Rust
 * implementation ({@code safetensors::tensor::Metadata::validate} and {@code SafeTensors::read_metadata}):
 * after sorting by offsets, tensors must tile the data section exactly (no gap, no overlap, nothing left over)
 * and each byte range must match shape × dtype size. Every failure is a one-line {@link PhiException} naming
 * the file and, where there is one, the tensor.
 *
 * @param metadata the {@code __metadata__} string map (empty if absent), in file order
 * @param entries  tensors ordered by data offset
 */
record SafetensorsHeader(Map<String, String> metadata, List<SafetensorsEntry> entries) {
    static final String METADATA_KEY = "__metadata__";

    private static final JsonMapper JSON = JsonMapper.builder()
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    /** Parses {@code headerBytes} (the JSON, padding included) for a data section of {@code dataLength} bytes. */
    static SafetensorsHeader parse(String file, byte[] headerBytes, long dataLength) {
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(headerBytes)).toString();
        } catch (CharacterCodingException e) {
            throw new PhiException(file + ": header is not valid UTF-8");
        }
        JsonNode root;
        try {
            root = JSON.readTree(text);
        } catch (JacksonException e) {
            throw new PhiException(file + ": header is not valid JSON: " + oneLine(e.getOriginalMessage())
                    + (e.getLocation() != null ? " (at column " + e.getLocation().getColumnNr() + ")" : ""));
        }
        if (root == null || !root.isObject()) {
            throw new PhiException(file + ": header is not a JSON object");
        }
        Map<String, String> metadata = new LinkedHashMap<>();
        List<SafetensorsEntry> entries = new ArrayList<>();
        for (Map.Entry<String, JsonNode> field : root.properties()) {
            String name = field.getKey();
            if (name.equals(METADATA_KEY)) {
                readMetadata(file, field.getValue(), metadata);
            } else {
                entries.add(readEntry(file, name, field.getValue()));
            }
        }
        entries.sort(Comparator.comparingLong(SafetensorsEntry::begin).thenComparingLong(SafetensorsEntry::end));
        checkTiling(file, entries, dataLength);
        return new SafetensorsHeader(Collections.unmodifiableMap(metadata), List.copyOf(entries));
    }

    private static void readMetadata(String file, JsonNode node, Map<String, String> out) {
        if (node.isNull()) {
            return;
        }
        if (!node.isObject()) {
            throw new PhiException(file + ": " + METADATA_KEY + " is not a JSON object");
        }
        for (Map.Entry<String, JsonNode> e : node.properties()) {
            if (!e.getValue().isTextual()) {
                throw new PhiException(file + ": " + METADATA_KEY + " value '" + shorten(e.getKey())
                        + "' is not a string");
            }
            out.put(e.getKey(), e.getValue().textValue());
        }
    }

    private static SafetensorsEntry readEntry(String file, String name, JsonNode node) {
        String where = file + ": tensor " + shorten(name);
        if (!node.isObject()) {
            throw new PhiException(where + ": entry is not a JSON object");
        }
        JsonNode dtypeNode = node.get("dtype");
        if (dtypeNode == null || !dtypeNode.isTextual()) {
            throw new PhiException(where + ": missing or non-string \"dtype\"");
        }
        SafetensorsDtype dtype = SafetensorsDtype.byName(dtypeNode.textValue());
        if (dtype == null) {
            throw new PhiException(where + ": unknown dtype '" + shorten(dtypeNode.textValue()) + "'");
        }
        long[] shape = readLongs(where, node.get("shape"), "shape", -1);
        long[] offsets = readLongs(where, node.get("data_offsets"), "data_offsets", 2);
        long begin = offsets[0];
        long end = offsets[1];
        if (end < begin) {
            throw new PhiException(where + ": data offsets [" + begin + ", " + end + "] end before they begin");
        }
        long bits = dtype.bits();
        for (long d : shape) {
            bits = multiply(where, bits, d, shape);
        }
        if (bits % 8 != 0) {
            throw new PhiException(where + ": shape " + Arrays.toString(shape) + " of " + dtype
                    + " is not a whole number of bytes");
        }
        long expected = bits / 8;
        if (end - begin != expected) {
            throw new PhiException(where + ": shape " + Arrays.toString(shape) + " of " + dtype + " needs "
                    + expected + " bytes, but data offsets [" + begin + ", " + end + "] hold " + (end - begin));
        }
        return new SafetensorsEntry(name, dtype, shape, begin, end);
    }

    private static long multiply(String where, long a, long b, long[] shape) {
        try {
            return Math.multiplyExact(a, b);
        } catch (ArithmeticException e) {
            throw new PhiException(where + ": shape " + Arrays.toString(shape) + " is too large");
        }
    }

    /** A JSON array of non-negative integers that fit a long; {@code length} -1 means any length. */
    private static long[] readLongs(String where, JsonNode node, String key, int length) {
        if (node == null || !node.isArray()) {
            throw new PhiException(where + ": missing or non-array \"" + key + "\"");
        }
        if (length >= 0 && node.size() != length) {
            throw new PhiException(where + ": \"" + key + "\" must have " + length + " numbers, has " + node.size());
        }
        long[] out = new long[node.size()];
        for (int i = 0; i < out.length; i++) {
            JsonNode v = node.get(i);
            if (!v.isIntegralNumber() || !v.canConvertToLong() || v.longValue() < 0) {
                throw new PhiException(where + ": \"" + key + "\" element " + shorten(v.toString())
                        + " is not a non-negative integer");
            }
            out[i] = v.longValue();
        }
        return out;
    }

    private static void checkTiling(String file, List<SafetensorsEntry> entries, long dataLength) {
        long position = 0;
        String previous = null;
        for (SafetensorsEntry e : entries) {
            String where = file + ": tensor " + shorten(e.name());
            String range = "data offsets [" + e.begin() + ", " + e.end() + "]";
            if (e.end() > dataLength) {
                throw new PhiException(where + ": " + range + " are past the end of the data section (size "
                        + dataLength + ")");
            }
            if (e.begin() < position) {
                throw new PhiException(where + ": " + range + " overlap tensor " + shorten(previous)
                        + " (which ends at " + position + ")");
            }
            if (e.begin() > position) {
                throw new PhiException(where + ": " + range + " leave a gap of " + (e.begin() - position)
                        + " bytes before it (the Rust reader requires tensors to follow each other)");
            }
            position = e.end();
            previous = e.name();
        }
        if (position != dataLength) {
            throw new PhiException(file + ": the data section has " + dataLength + " bytes but the tensors cover "
                    + position + " (truncated or padded file)");
        }
    }

    static String oneLine(String s) {
        return s == null ? "" : s.replaceAll("\\s+", " ").trim();
    }

    /** Names in error messages stay readable even when a hostile file makes them huge. */
    static String shorten(String s) {
        String t = oneLine(s);
        return t.length() <= 120 ? t : t.substring(0, 117) + "...";
    }
}
