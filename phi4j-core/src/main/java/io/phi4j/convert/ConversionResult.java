package io.phi4j.convert;

import java.nio.file.Path;
import java.util.Map;

/**
 * What a conversion wrote.
 *
 * @param output      the file or directory written
 * @param tensorTypes tensor count per type
 * @param parameters  values written
 * @param bytes       size of the weights written
 */
public record ConversionResult(Path output, Map<String, Integer> tensorTypes, long parameters, long bytes) {
}
