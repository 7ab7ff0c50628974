package io.phi4j.data.quality;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * One JSONL document: its {@code id} and {@code text}, and the whole object so that fields we do not know pass
 * through unchanged.
 *
 * @param line 1-based line number in its file
 */
public record Document(long line, String id, String text, ObjectNode json) {
}
