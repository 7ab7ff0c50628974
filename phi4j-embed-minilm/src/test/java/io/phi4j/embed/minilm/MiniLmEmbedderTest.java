package io.phi4j.embed.minilm;

import io.phi4j.data.quality.ClassifierTrainer;
import io.phi4j.data.quality.Embedder;
import io.phi4j.data.quality.EmbedderSpec;
import io.phi4j.data.quality.HeadType;
import io.phi4j.data.quality.LabelledExample;
import io.phi4j.data.Split;
import io.phi4j.data.synth.SynthGenerator;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class MiniLmEmbedderTest {
    private static double cosine(float[] a, float[] b) {
        double d = 0, na = 0, nb = 0;
        for (int i = 0; i < a.length; i++) {
            d += a[i] * b[i];
            na += a[i] * a[i];
            nb += b[i] * b[i];
        }
        return d / Math.sqrt(na * nb);
    }

    @Test
    void isFoundByNameAndGivesUnitVectorsThatKnowMeaning() {
        EmbedderSpec spec = Embedder.forName("all-minilm-l6-v2", 999);
        assertThat(spec).isEqualTo(new EmbedderSpec("minilm", "all-MiniLM-L6-v2", 510, "mean"));
        try (Embedder e = Embedder.open(spec)) {
            float[] cat = e.embed("The cat sits on the mat.");
            float[] kitten = e.embed("A kitten is sitting on a rug.");
            float[] tax = e.embed("Quarterly tax filings are due at the end of the month.");
            assertThat(cat).hasSize(384);
            double norm = 0;
            for (float v : cat) {
                norm += v * v;
            }
            assertThat(Math.sqrt(norm)).isCloseTo(1, within(1e-4));
            assertThat(cosine(cat, kitten)).isGreaterThan(cosine(cat, tax) + 0.2);
            assertThat(e.embed("The cat sits on the mat.")).isEqualTo(cat);
            assertThat(e.embed("  ")).containsOnly(0f);
        }
    }

    /**
     * Lessons (label 5) against junk (label 0): their words shuffled, or random characters. Shuffled words are the
     * hard half: MiniLM's mean pooling is close to a bag of words.
     */
    /** About a minute on 2 busy cores (96 documents through ONNX Runtime): profile slow. */
    @Test
    @Tag("slow")
    void aClassifierOnMiniLmEmbeddingsSeparatesLessonsFromJunk() {
        SynthGenerator gen = new SynthGenerator(4, Split.TRAIN, null, null);
        Random r = new Random(4);
        List<LabelledExample> ex = new ArrayList<>();
        for (int i = 0; i < 96; i++) {
            String lesson = gen.lesson(i).text();
            if (i % 2 == 0) {
                ex.add(new LabelledExample("l" + i, lesson, 5));
            } else if (i % 4 == 3) {
                StringBuilder junk = new StringBuilder();
                for (int c = 0; c < lesson.length(); c++) {
                    junk.append(r.nextInt(8) == 0 ? ' ' : (char) (33 + r.nextInt(94)));
                }
                ex.add(new LabelledExample("r" + i, junk.toString(), 0));
            } else {
                List<String> words = new ArrayList<>(List.of(lesson.split("\\s+")));
                Collections.shuffle(words, r);
                ex.add(new LabelledExample("j" + i, String.join(" ", words), 0));
            }
        }
        try (Embedder e = Embedder.open(Embedder.forName("minilm", 0))) {
            ClassifierTrainer.Trained t = ClassifierTrainer.train(ex, e, HeadType.LOGISTIC, 0.25, 1, 0.01,
                    io.phi4j.convert.Progress.NONE);
            assertThat(t.classifier().dimension()).isEqualTo(384);
            assertThat(t.heldOut().binary().f1()).isGreaterThan(0.8);
        }
    }
}
