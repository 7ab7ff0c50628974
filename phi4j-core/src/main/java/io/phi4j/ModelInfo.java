package io.phi4j;

import java.nio.file.Path;
import java.util.Map;

/**
 * Where a model came from, for {@code phi info} and error messages.
 *
 * @param path        the file or directory given by the user
 * @param format      e.g. "gguf v3", "safetensors (Hugging Face, current layout)"
 * @param fileBytes   total size of the weight files
 * @param tensorTypes tensor count per element type, e.g. {F32=98, Q4_0=128}
 * @param metadata    format-specific key/values worth showing (GGUF general.*, HF model_type, …)
 */
public record ModelInfo(Path path, String format, long fileBytes, Map<String, Integer> tensorTypes,
                        Map<String, String> metadata) {
}
