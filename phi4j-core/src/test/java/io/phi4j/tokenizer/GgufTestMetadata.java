package io.phi4j.tokenizer;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Test-only, throwaway reader of the key/value metadata of a small GGUF file (header, then typed key/values),
 * enough to feed {@link Tokenizers#fromGguf}. The real GGUF reader lives in io.phi4j.format.gguf.
 */
final class GgufTestMetadata {
    private GgufTestMetadata() {
    }

    static Map<String, Object> read(Path file) throws IOException {
        ByteBuffer buf = ByteBuffer.wrap(Files.readAllBytes(file)).order(ByteOrder.LITTLE_ENDIAN);
        if (buf.getInt() != 0x46554747) { // "GGUF"
            throw new IOException(file + ": not a GGUF file");
        }
        int version = buf.getInt();
        if (version != 3 && version != 2) {
            throw new IOException(file + ": GGUF version " + version);
        }
        buf.getLong(); // tensor count
        long kvCount = buf.getLong();
        Map<String, Object> out = new LinkedHashMap<>();
        for (long i = 0; i < kvCount; i++) {
            String key = string(buf);
            out.put(key, value(buf, buf.getInt()));
        }
        return out;
    }

    private static String string(ByteBuffer buf) {
        byte[] b = new byte[Math.toIntExact(buf.getLong())];
        buf.get(b);
        return new String(b, StandardCharsets.UTF_8);
    }

    private static Object value(ByteBuffer buf, int type) {
        return switch (type) {
            case 0, 1 -> (int) buf.get();
            case 2, 3 -> (int) buf.getShort();
            case 4, 5 -> buf.getInt();
            case 6 -> buf.getFloat();
            case 7 -> buf.get() != 0;
            case 8 -> string(buf);
            case 9 -> {
                int elementType = buf.getInt();
                long count = buf.getLong();
                List<Object> list = new ArrayList<>();
                for (long i = 0; i < count; i++) {
                    list.add(value(buf, elementType));
                }
                yield list;
            }
            case 10, 11 -> buf.getLong();
            case 12 -> buf.getDouble();
            default -> throw new IllegalStateException("GGUF value type " + type);
        };
    }

    /** Builds the tokenizer from a GGUF file's tokenizer.ggml.* keys, as the model loader will. */
    @SuppressWarnings("unchecked")
    static Tokenizer tokenizer(Path file) throws IOException {
        Map<String, Object> kv = read(file);
        List<String> tokens = (List<String>) (List<?>) kv.get("tokenizer.ggml.tokens");
        List<String> merges = (List<String>) (List<?>) kv.get("tokenizer.ggml.merges");
        List<?> types = (List<?>) kv.get("tokenizer.ggml.token_type");
        int[] typeCodes = types.stream().mapToInt(o -> (Integer) o).toArray();
        int bos = kv.containsKey("tokenizer.ggml.bos_token_id") ? (Integer) kv.get("tokenizer.ggml.bos_token_id") : -1;
        int eos = kv.containsKey("tokenizer.ggml.eos_token_id") ? (Integer) kv.get("tokenizer.ggml.eos_token_id") : -1;
        return Tokenizers.fromGguf(tokens, merges, typeCodes, bos, eos);
    }
}
