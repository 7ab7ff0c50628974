package io.phi4j.tokenizer;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.phi4j.PhiException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;

/** Reading tokenizer files with errors that name the file. */
final class JsonFiles {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    /** Ids beyond this are refused before any id-indexed array is allocated. */
    static final int MAX_TOKEN_ID = (1 << 24) - 1;

    private JsonFiles() {
    }

    /** Tokenizer files are a few MB; anything this large is not one, and is refused before being read. */
    static final long MAX_FILE_BYTES = 512L << 20;

    static JsonNode read(Path file) {
        checkSize(file);
        try {
            JsonNode node = MAPPER.readTree(file.toFile());
            if (node == null || node.isMissingNode()) {
                throw new PhiException(file + ": file is empty");
            }
            return node;
        } catch (JsonProcessingException e) {
            throw new PhiException(file + ": invalid JSON: " + oneLine(e.getOriginalMessage()), e);
        } catch (IOException e) {
            throw new PhiException(file + ": cannot read: " + describe(e), e);
        }
    }

    static List<String> readLines(Path file) {
        checkSize(file);
        try {
            return Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new PhiException(file + ": cannot read: " + describe(e), e);
        }
    }

    private static void checkSize(Path file) {
        long size;
        try {
            size = Files.size(file);
        } catch (IOException e) {
            throw new PhiException(file + ": cannot read: " + describe(e), e);
        }
        if (size > MAX_FILE_BYTES) {
            throw new PhiException(file + ": " + size + " bytes is too large for a tokenizer file (limit "
                    + MAX_FILE_BYTES + ")");
        }
    }

    static String describe(IOException e) {
        if (e instanceof NoSuchFileException) {
            return "file not found";
        }
        if (e instanceof java.nio.charset.CharacterCodingException) {
            return "not valid UTF-8";
        }
        return oneLine(e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage());
    }

    static String oneLine(String s) {
        return s == null ? "" : s.replaceAll("\\s*[\\r\\n]+\\s*", " ").strip();
    }

    /** A token id from JSON, checked to be a non-negative int within {@link #MAX_TOKEN_ID}. */
    static int tokenId(JsonNode node, Path file, String where) {
        if (node == null || !node.canConvertToInt() || !node.isIntegralNumber()) {
            throw new PhiException(file + ": " + where + ": token id must be an integer, got "
                    + (node == null ? "nothing" : abbreviate(node.toString())));
        }
        int id = node.intValue();
        if (id < 0 || id > MAX_TOKEN_ID) {
            throw new PhiException(file + ": " + where + ": token id " + id + " is out of range (0.." + MAX_TOKEN_ID + ")");
        }
        return id;
    }

    static String abbreviate(String s) {
        return s.length() <= 60 ? s : s.substring(0, 57) + "...";
    }

    /** Text of a special-token entry, which transformers writes either as a string or as {"content": ...}. */
    static String tokenContent(JsonNode node) {
        if (node == null || node.isNull()) {
            return null;
        }
        if (node.isTextual()) {
            return node.asText();
        }
        JsonNode content = node.get("content");
        return content != null && content.isTextual() ? content.asText() : null;
    }
}
