package io.phi4j.data.teacher;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.phi4j.PhiException;
import io.phi4j.format.safetensors.AtomicFile;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;

/**
 * On-disk cache of teacher replies, keyed by the SHA-256 of the exact request body (model, messages, sampling
 * settings and per-item seed), one small JSON file per reply under {@code dir/ab/abcdef….json}, written atomically.
 * A re-run, or a resumed run, never pays twice for the same request. The endpoint URL is not part of the key, so
 * the same model served elsewhere reuses the cache.
 */
public final class ResponseCache {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final Path dir;

    public ResponseCache(Path dir) {
        this.dir = dir;
    }

    public static String key(String requestBody) {
        try {
            byte[] h = MessageDigest.getInstance("SHA-256").digest(requestBody.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(h);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK always has SHA-256", e);
        }
    }

    private Path file(String key) {
        return dir.resolve(key.substring(0, 2)).resolve(key + ".json");
    }

    /** The cached reply, or null. A damaged entry (not JSON) is treated as absent and will be overwritten. */
    public String get(String key) {
        try {
            JsonNode n = JSON.readTree(Files.readString(file(key), StandardCharsets.UTF_8));
            return n != null && n.path("content").isTextual() ? n.get("content").asText() : null;
        } catch (NoSuchFileException e) {
            return null;
        } catch (IOException e) {
            return null;
        }
    }

    public void put(String key, String content) {
        Path f = file(key);
        try {
            Files.createDirectories(f.getParent());
            AtomicFile.writeString(f, JSON.writeValueAsString(Map.of("content", content)));
        } catch (IOException e) {
            throw new PhiException(f + ": cannot write cache entry: " + e.getMessage(), e);
        }
    }
}
