package io.phi4j.data.quality;

import io.phi4j.PhiException;
import io.phi4j.convert.Progress;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * Adds {@code "quality"} to every document of a JSONL file, streaming (memory is one document), in input order,
 * into {@code OUT.tmp} renamed to {@code OUT} at the end, so a crash never leaves a half-scored file in place.
 */
public final class QualityFileScorer {
    public static final String FIELD = "quality";

    /** What a run did; {@code educational} counts documents at or above the classifier's threshold. */
    public record Result(Path out, long documents, long educational, double meanQuality, double seconds) {
    }

    private QualityFileScorer() {
    }

    public static Result score(QualityScorer scorer, Path in, Path out, Progress progress) {
        long start = System.nanoTime();
        if (!Files.isRegularFile(in)) {
            throw new PhiException(in + ": no such file");
        }
        Path tmp = out.resolveSibling(out.getFileName() + ".tmp");
        long n = 0, edu = 0;
        double sum = 0;
        progress.start("Scoring", Annotator.countLines(in));
        try (DocumentReader docs = new DocumentReader(in);
             BufferedWriter w = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
            while (docs.hasNext()) {
                Document d = docs.next();
                double q = scorer.score(d.text());
                d.json().put(FIELD, q);
                w.write(DocumentReader.JSON.writeValueAsString(d.json()));
                w.write('\n');
                n++;
                sum += q;
                edu += scorer.classifier().isEducational(q) ? 1 : 0;
                progress.advance(1);
            }
        } catch (IOException e) {
            throw new PhiException(out + ": cannot write: " + e.getMessage(), e);
        } finally {
            progress.finish();
        }
        try {
            Files.move(tmp, out, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new PhiException(out + ": cannot move into place: " + e.getMessage(), e);
        }
        return new Result(out, n, edu, n == 0 ? 0 : sum / n, (System.nanoTime() - start) / 1e9);
    }
}
