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
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
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
        switch (c.head()) {
            case LinearHead h -> {
                n.put("bias", h.bias());
                array(n.putArray("weights"), h.weights());
            }
            case ForestHead f -> {
                ArrayNode trees = n.putArray("trees");
                for (RegressionTree t : f.trees()) {
                    ObjectNode tn = trees.addObject();
                    ints(tn.putArray("feature"), t.feature());
                    array(tn.putArray("threshold"), t.threshold());
                    ints(tn.putArray("left"), t.left());
                    ints(tn.putArray("right"), t.right());
                    array(tn.putArray("value"), t.value());
                }
            }
        }
        array(n.putArray("feature_mean"), c.standardizer().mean());
        array(n.putArray("feature_std"), c.standardizer().std());
        return n;
    }

    private static void ints(ArrayNode a, int[] v) {
        for (int x : v) {
            a.add(x);
        }
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
        double[] mean = doubles(n, "feature_mean", d, f);
        double[] std = doubles(n, "feature_std", d, f);
        JsonNode e = n.path("embedder");
        EmbedderSpec spec = new EmbedderSpec(e.path("kind").asText(), e.path("model").asText(),
                e.path("max_tokens").asInt(), e.path("pooling").asText());
        if (spec.maxTokens() < 1 || spec.model().isEmpty()) {
            throw new PhiException(f + ": embedder needs a model and max_tokens ≥ 1");
        }
        Head h = head == HeadType.FOREST ? forest(n, d, f)
                : new LinearHead(head, doubles(n, "weights", d, f), finite(n, "bias", f));
        return new QualityClassifier(h, new Standardizer(mean, std), spec, finite(n, "threshold", f),
                n.path("l2").asDouble());
    }

    /**
     * Reads the trees, checking every index: features below the dimension, children after their parent (the
     * trees are stored in preorder), so that a damaged file cannot loop or index out of bounds.
     */
    private static ForestHead forest(JsonNode n, int d, Path f) {
        JsonNode trees = n.get("trees");
        if (trees == null || !trees.isArray() || trees.isEmpty()) {
            throw new PhiException(f + ": a forest needs a non-empty \"trees\" array");
        }
        List<RegressionTree> out = new ArrayList<>();
        for (int t = 0; t < trees.size(); t++) {
            String where = f + ": tree " + t;
            JsonNode tn = trees.get(t);
            int size = tn.path("value").size();
            if (size == 0) {
                throw new PhiException(where + ": no nodes");
            }
            double[] value = treeDoubles(tn, "value", size, where);
            double[] threshold = treeDoubles(tn, "threshold", size, where);
            int[] feature = ints(tn, "feature", size, where);
            int[] left = ints(tn, "left", size, where);
            int[] right = ints(tn, "right", size, where);
            for (int i = 0; i < size; i++) {
                if (feature[i] >= d || (feature[i] >= 0 && (left[i] <= i || left[i] >= size || right[i] <= i
                        || right[i] >= size))) {
                    throw new PhiException(where + ": node " + i + " has a bad feature or child index");
                }
            }
            out.add(new RegressionTree(feature, threshold, left, right, value));
        }
        return new ForestHead(out);
    }

    private static double[] treeDoubles(JsonNode n, String field, int size, String where) {
        JsonNode a = n.get(field);
        if (a == null || !a.isArray() || a.size() != size) {
            throw new PhiException(where + ": \"" + field + "\" must be an array of " + size + " numbers");
        }
        double[] v = new double[size];
        for (int i = 0; i < size; i++) {
            v[i] = a.get(i).asDouble(Double.NaN);
            if (!a.get(i).isNumber() || !Double.isFinite(v[i])) {
                throw new PhiException(where + ": \"" + field + "\"[" + i + "] is not a finite number");
            }
        }
        return v;
    }

    private static int[] ints(JsonNode n, String field, int size, String where) {
        JsonNode a = n.get(field);
        if (a == null || !a.isArray() || a.size() != size) {
            throw new PhiException(where + ": \"" + field + "\" must be an array of " + size + " integers");
        }
        int[] v = new int[size];
        for (int i = 0; i < size; i++) {
            if (!a.get(i).canConvertToInt()) {
                throw new PhiException(where + ": \"" + field + "\"[" + i + "] is not an integer");
            }
            v[i] = a.get(i).asInt();
        }
        return v;
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
