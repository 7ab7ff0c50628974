package io.phi4j.data.curate;

import com.fasterxml.jackson.databind.JsonNode;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.List;
import java.util.TreeMap;

/**
 * The resume key of a pipeline step: a SHA-256 over the previous step's key, the step's name and its options in
 * canonical form (keys sorted), and for ingest the input files' paths, sizes and modification times. A step whose
 * manifest holds the same key is done and skipped; changing any option reruns it and everything after it.
 */
final class StepKeys {
    private StepKeys() {
    }

    static String key(String previous, String name, JsonNode options, List<Path> inputs) {
        StringBuilder sb = new StringBuilder(previous).append('\n').append(name).append('\n');
        canonical(options, sb);
        if (inputs != null) {
            for (Path p : inputs) {
                fingerprint(p, sb);
            }
        }
        return HexFormat.of().formatHex(Deduplicator.sha256(sb.toString()));
    }

    private static void fingerprint(Path p, StringBuilder sb) {
        try {
            if (Files.isDirectory(p)) {
                try (var walk = Files.walk(p)) {
                    for (Path f : walk.filter(Files::isRegularFile).sorted().toList()) {
                        sb.append('\n').append(f).append(' ').append(Files.size(f)).append(' ').append(Files.getLastModifiedTime(f).toMillis());
                    }
                }
            } else if (Files.isRegularFile(p)) {
                sb.append('\n').append(p).append(' ').append(Files.size(p)).append(' ').append(Files.getLastModifiedTime(p).toMillis());
            } else {
                sb.append('\n').append(p).append(" missing");
            }
        } catch (IOException e) {
            sb.append('\n').append(p).append(" unreadable");
        }
    }

    static void canonical(JsonNode n, StringBuilder sb) {
        if (n == null) {
            sb.append("null");
        } else if (n.isObject()) {
            TreeMap<String, JsonNode> sorted = new TreeMap<>();
            for (Iterator<String> it = n.fieldNames(); it.hasNext(); ) {
                String k = it.next();
                sorted.put(k, n.get(k));
            }
            sb.append('{');
            sorted.forEach((k, v) -> {
                sb.append(Docs.write(Docs.JSON.getNodeFactory().textNode(k))).append(':');
                canonical(v, sb);
                sb.append(',');
            });
            sb.append('}');
        } else if (n.isArray()) {
            sb.append('[');
            n.forEach(x -> {
                canonical(x, sb);
                sb.append(',');
            });
            sb.append(']');
        } else {
            sb.append(Docs.write(n));
        }
    }
}
