package io.phi4j.data.quality;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.phi4j.PhiException;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.Map;
import java.util.stream.Stream;

/**
 * A classifier directory: {@code classifier.json} (format, head type, weights, bias, feature mean and std,
 * decision threshold, L2, embedder spec) and {@code report.json} (held-out metrics). The directory is written
 * whole into a temporary sibling and renamed into place, so a crash never leaves a half-written classifier.
 */
public final class ClassifierFiles {
    public static final String FORMAT = "phi4j-quality-classifier/1";
    public static final String CLASSIFIER_JSON = "classifier.json";
    public static final String REPORT_JSON = "report.json";

    private ClassifierFiles() {
    }

    public static void save(Path dir, QualityClassifier c, Map<String, Object> report) {
        Path abs = dir.toAbsolutePath().normalize();
        Path tmp = abs.resolveSibling(abs.getFileName() + ".tmp");
        Path old = abs.resolveSibling(abs.getFileName() + ".old");
        try {
            deleteTree(tmp);
            Files.createDirectories(tmp);
            Files.writeString(tmp.resolve(CLASSIFIER_JSON), DocumentReader.JSON.writerWithDefaultPrettyPrinter()
                    .writeValueAsString(toJson(c)), StandardCharsets.UTF_8);
            Files.writeString(tmp.resolve(REPORT_JSON), DocumentReader.JSON.writerWithDefaultPrettyPrinter()
                    .writeValueAsString(report), StandardCharsets.UTF_8);
            if (Files.exists(abs)) {
                if (!Files.isRegularFile(abs.resolve(CLASSIFIER_JSON))) {
                    throw new PhiException(dir + ": exists and is not a classifier directory; not replacing it");
                }
                deleteTree(old);
                Files.move(abs, old, StandardCopyOption.ATOMIC_MOVE);
            }
            Files.move(tmp, abs, StandardCopyOption.ATOMIC_MOVE);
            deleteTree(old);
        } catch (IOException e) {
            throw new PhiException(dir + ": cannot write the classifier: " + e.getMessage(), e);
        }
    }

    static ObjectNode toJson(QualityClassifier c) {
        ObjectNode n = DocumentReader.JSON.createObjectNode();
        n.put("format", FORMAT);
        n.put("head", c.head().type().label());
        n.put("threshold", c.threshold());
        n.put("l2", c.l2());
        ObjectNode e = n.putObject("embedder");
        e.put("kind", c.embedder().kind());
        e.put("model", c.embedder().model());
        e.put("max_tokens", c.embedder().maxTokens());
        e.put("pooling", c.embedder().pooling());
        n.put("dimension", c.dimension());
        n.put("bias", c.head().bias());
        array(n.putArray("weights"), c.head().weights());
        array(n.putArray("feature_mean"), c.standardizer().mean());
        array(n.putArray("feature_std"), c.standardizer().std());
        return n;
    }

    private static void array(ArrayNode a, double[] v) {
        for (double x : v) {
            a.add(x);
        }
    }

    public static QualityClassifier load(Path dir) {
        Path f = dir.resolve(CLASSIFIER_JSON);
        JsonNode n;
        try {
            n = DocumentReader.JSON.readTree(Files.readString(f, StandardCharsets.UTF_8));
        } catch (NoSuchFileException e) {
            throw new PhiException(dir + ": no " + CLASSIFIER_JSON + " (train one with phi data train-classifier)");
        } catch (IOException e) {
            throw new PhiException(f + ": not JSON: " + e.getMessage());
        }
        if (n == null || !FORMAT.equals(n.path("format").asText())) {
            throw new PhiException(f + ": not a " + FORMAT + " file");
        }
        HeadType head = HeadType.named(n.path("head").asText());
        int d = n.path("dimension").asInt(-1);
        double[] w = doubles(n, "weights", d, f);
        double[] mean = doubles(n, "feature_mean", d, f);
        double[] std = doubles(n, "feature_std", d, f);
        JsonNode e = n.path("embedder");
        EmbedderSpec spec = new EmbedderSpec(e.path("kind").asText(), e.path("model").asText(),
                e.path("max_tokens").asInt(), e.path("pooling").asText());
        if (spec.maxTokens() < 1 || spec.model().isEmpty()) {
            throw new PhiException(f + ": embedder needs a model and max_tokens ≥ 1");
        }
        return new QualityClassifier(new LinearHead(head, w, finite(n, "bias", f)), new Standardizer(mean, std), spec,
                finite(n, "threshold", f), n.path("l2").asDouble());
    }

    private static double finite(JsonNode n, String field, Path f) {
        JsonNode v = n.get(field);
        if (v == null || !v.isNumber() || !Double.isFinite(v.asDouble())) {
            throw new PhiException(f + ": \"" + field + "\" is not a finite number");
        }
        return v.asDouble();
    }

    private static double[] doubles(JsonNode n, String field, int d, Path f) {
        JsonNode a = n.get(field);
        if (d < 1 || a == null || !a.isArray() || a.size() != d) {
            throw new PhiException(f + ": \"" + field + "\" must be an array of " + d + " numbers (the dimension)");
        }
        double[] v = new double[d];
        for (int i = 0; i < d; i++) {
            v[i] = a.get(i).asDouble(Double.NaN);
            if (!a.get(i).isNumber() || !Double.isFinite(v[i])) {
                throw new PhiException(f + ": \"" + field + "\"[" + i + "] is not a finite number");
            }
        }
        return v;
    }

    private static void deleteTree(Path p) throws IOException {
        if (!Files.exists(p)) {
            return;
        }
        try (Stream<Path> s = Files.walk(p)) {
            for (Path q : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(q);
            }
        }
    }
}
