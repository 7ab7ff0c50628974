package io.phi4j.format.safetensors;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.phi4j.PhiException;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * {@code model.safetensors.index.json}: which shard file holds each tensor. Hugging Face writes it as
 * {@code {"metadata": {"total_parameters": n, "total_size": bytes}, "weight_map": {name: "model-00001-of-00002.safetensors", ...}}}
 * (transformers before 5 wrote no {@code total_parameters}).
 *
 * @param weightMap       tensor name → shard file name (a plain file name in the same directory)
 * @param totalSize       {@code metadata.total_size} (sum of tensor bytes), or -1 if absent
 * @param totalParameters {@code metadata.total_parameters} (sum of element counts), or -1 if absent
 */
public record SafetensorsIndex(Map<String, String> weightMap, long totalSize, long totalParameters) {
    public static final String DEFAULT_NAME = "model.safetensors.index.json";

    /** Index files are small; a much larger one is not an index. */
    private static final long MAX_INDEX_BYTES = 64L << 20;

    private static final JsonMapper JSON = JsonMapper.builder()
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .build();

    public SafetensorsIndex {
        weightMap = Collections.unmodifiableMap(new LinkedHashMap<>(weightMap));
    }

    public static SafetensorsIndex read(Path indexFile) {
        String name = String.valueOf(indexFile.getFileName());
        String text;
        try {
            if (Files.size(indexFile) > MAX_INDEX_BYTES) {
                throw new PhiException(name + ": too large for a safetensors index (" + Files.size(indexFile) + " bytes)");
            }
            text = Files.readString(indexFile);
        } catch (NoSuchFileException e) {
            throw new PhiException(indexFile + ": file not found");
        } catch (IOException e) {
            throw new PhiException(indexFile + ": cannot read: " + SafetensorsHeader.oneLine(e.getMessage()), e);
        }
        JsonNode root;
        try {
            root = JSON.readTree(text);
        } catch (JacksonException e) {
            throw new PhiException(name + ": not valid JSON: " + SafetensorsHeader.oneLine(e.getOriginalMessage()));
        }
        if (root == null || !root.isObject()) {
            throw new PhiException(name + ": not a JSON object");
        }
        JsonNode map = root.get("weight_map");
        if (map == null || !map.isObject()) {
            throw new PhiException(name + ": missing \"weight_map\" object");
        }
        Map<String, String> weightMap = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> e : map.properties()) {
            JsonNode v = e.getValue();
            if (!v.isTextual() || !isPlainFileName(v.textValue())) {
                throw new PhiException(name + ": tensor " + SafetensorsHeader.shorten(e.getKey())
                        + ": shard " + SafetensorsHeader.shorten(v.toString())
                        + " is not a file name in the same directory");
            }
            weightMap.put(e.getKey(), v.textValue());
        }
        return new SafetensorsIndex(weightMap, metadataLong(root, "total_size"), metadataLong(root, "total_parameters"));
    }

    private static long metadataLong(JsonNode root, String key) {
        JsonNode n = root.path("metadata").path(key);
        return n.isIntegralNumber() && n.canConvertToLong() ? n.longValue() : -1;
    }

    /** Shard names may not climb out of the model directory. */
    static boolean isPlainFileName(String s) {
        return !s.isEmpty() && !s.equals(".") && !s.equals("..") && s.indexOf('/') < 0 && s.indexOf('\\') < 0
                && s.indexOf(':') < 0 && s.indexOf('\0') < 0;
    }

    /** The index as Hugging Face writes it: {@code json.dumps(index, indent=2, sort_keys=True) + "\n"}; -1 sizes are left out. */
    public String toJson() {
        Map<String, Object> root = new LinkedHashMap<>();
        Map<String, Object> metadata = new LinkedHashMap<>();
        if (totalParameters >= 0) {
            metadata.put("total_parameters", totalParameters);
        }
        metadata.put("total_size", totalSize);
        root.put("metadata", metadata);
        root.put("weight_map", new TreeMap<>(weightMap));
        return PythonJson.dumps(root) + "\n";
    }
}
