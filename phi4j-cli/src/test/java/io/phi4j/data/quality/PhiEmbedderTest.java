package io.phi4j.data.quality;

import io.phi4j.Model;
import io.phi4j.model.KvCache;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** Lives in phi4j-cli's tests because the small reference model is a phi4j-core test resource. */
class PhiEmbedderTest {
    @TempDir
    static Path dir;
    private static Path model;
    private static final String TEXT = "Fractions: one half is 1/2. Two quarters make one half. Let us add 1/4 and 1/4.";

    @BeforeAll
    static void copyModel() throws IOException {
        model = dir.resolve("small.gguf");
        try (InputStream in = PhiEmbedderTest.class.getClassLoader()
                .getResourceAsStream("reference/small-phi2/small-phi2-Q8_0.gguf")) {
            Files.copy(in, model);
        }
    }

    /** The mean of the final hidden rows, computed here from one forward pass in a fresh cache. */
    private static double[] directMean(Model m, int[] ids, int n) {
        int h = m.config().hiddenSize();
        double[] sum = new double[h];
        m.model().forwardHidden(ids, 0, n, 0, new KvCache(m.config(), n), (i, row, off) -> {
            for (int j = 0; j < h; j++) {
                sum[j] += row[off + j];
            }
        });
        for (int j = 0; j < h; j++) {
            sum[j] /= n;
        }
        return sum;
    }

    @Test
    void meanPoolingMatchesADirectComputationAndTruncates() {
        try (PhiEmbedder full = PhiEmbedder.open(model, 512); PhiEmbedder cut = PhiEmbedder.open(model, 8);
             Model m = Model.load(model)) {
            int[] ids = m.tokenizer().encode(TEXT);
            assertThat(ids.length).isGreaterThan(8);
            assertThat(full.tokens(TEXT)).isEqualTo(ids);
            assertThat(cut.tokens(TEXT)).hasSize(8);
            float[] e = full.embed(TEXT);
            assertThat(e).hasSize(m.config().hiddenSize()).hasSize(full.dimension());
            double[] direct = directMean(m, ids, ids.length);
            double[] direct8 = directMean(m, ids, 8);
            float[] e8 = cut.embed(TEXT);
            double maxDiff = 0, maxDiff8 = 0, apart = 0;
            for (int j = 0; j < e.length; j++) {
                maxDiff = Math.max(maxDiff, Math.abs(e[j] - direct[j]));
                maxDiff8 = Math.max(maxDiff8, Math.abs(e8[j] - direct8[j]));
                apart = Math.max(apart, Math.abs(e[j] - e8[j]));
            }
            assertThat(maxDiff).isLessThan(1e-5);
            assertThat(maxDiff8).isLessThan(1e-5);
            assertThat(apart).as("truncation changes the embedding").isGreaterThan(1e-2);
            // The reused cache is rewound: embedding something else in between changes nothing.
            full.embed("Something else entirely, with other words.");
            assertThat(full.embed(TEXT)).isEqualTo(e);
            assertThat(full.embed("")).containsOnly(0f);
            assertThat(full.spec()).isEqualTo(new EmbedderSpec("phi", model.toAbsolutePath().normalize().toString(), 512, "mean"));
        }
    }
}
