package io.phi4j.data.quality;

import com.fasterxml.jackson.databind.JsonNode;
import io.phi4j.PhiException;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads training labels: annotated documents with an integer label field 0–5 ({@code edu_score} by default), or
 * DCLM-style sources where every document of a positive file is labelled 5 and every one of a negative file 0.
 */
public final class LabelledSet {
    private LabelledSet() {
    }

    public static List<LabelledExample> fromLabels(Path file, String field) {
        List<LabelledExample> out = new ArrayList<>();
        try (DocumentReader r = new DocumentReader(file)) {
            while (r.hasNext()) {
                Document d = r.next();
                String where = file + ": line " + d.line();
                JsonNode v = d.json().get(field);
                if (v == null || v.isNull()) {
                    throw new PhiException(where + ": no \"" + field + "\" (name the label with --label-field)");
                }
                if (!v.isNumber() || v.asDouble() != Math.rint(v.asDouble())) {
                    throw new PhiException(where + ": " + field + " " + v + " is not an integer score 0–5");
                }
                if (v.asDouble() < 0 || v.asDouble() > 5) {
                    throw new PhiException(where + ": " + field + " " + v + " is outside 0–5");
                }
                out.add(new LabelledExample(d.id(), d.text(), v.asInt()));
            }
        }
        return out;
    }

    public static List<LabelledExample> fromSources(Path positive, Path negative) {
        List<LabelledExample> out = new ArrayList<>();
        for (Path f : new Path[] {positive, negative}) {
            int label = f == positive ? 5 : 0;
            try (DocumentReader r = new DocumentReader(f)) {
                while (r.hasNext()) {
                    Document d = r.next();
                    out.add(new LabelledExample(d.id(), d.text(), label));
                }
            }
        }
        return out;
    }
}
