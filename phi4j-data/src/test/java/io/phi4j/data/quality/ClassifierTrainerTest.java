package io.phi4j.data.quality;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.phi4j.PhiException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class ClassifierTrainerTest {
    @TempDir
    Path dir;

    private static final EmbedderSpec SPEC = new EmbedderSpec("phi", "/models/x.gguf", 64, "mean");

    /** Labels 0–5; embedding = label along a direction, plus noise and offset features (so standardising matters). */
    private static List<LabelledExample> examples(int n, Random r, float[][] x) {
        List<LabelledExample> ex = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            int label = r.nextInt(6);
            ex.add(new LabelledExample("d" + i, "text " + i, label));
            x[i] = new float[] {(float) (100 + 0.01 * label + 0.001 * r.nextGaussian()), (float) r.nextGaussian(),
                    (float) (label * 3 + 0.3 * r.nextGaussian()), 7f};
        }
        return ex;
    }

    @ParameterizedTest
    @EnumSource(HeadType.class)
    void learnsTheLabelsAndReportsHeldOutMetrics(HeadType head) {
        Random r = new Random(3);
        float[][] x = new float[300][];
        List<LabelledExample> ex = examples(300, r, x);
        ClassifierTrainer.Trained t = ClassifierTrainer.fit(ex, x, SPEC, head, 0.2, 9, 1e-3, System.nanoTime());
        assertThat(t.trainCount()).isEqualTo(240);
        assertThat(t.heldOutCount()).isEqualTo(60);
        assertThat(t.heldOut().examples()).isEqualTo(60);
        assertThat(t.heldOut().binary().f1()).isGreaterThan(0.95);
        if (head == HeadType.REGRESSION) {
            assertThat(t.heldOut().meanAbsoluteError()).isLessThan(0.3);
            assertThat(t.classifier().quality(new float[] {100.04f, 0, 12, 7})).isCloseTo(4, within(0.3));
        } else if (head == HeadType.FOREST) {
            assertThat(t.heldOut().meanAbsoluteError()).isLessThan(0.3);
            assertThat(t.heldOut().confusion().classes()).isEqualTo(6);
            assertThat(t.classifier().quality(new float[] {100.04f, 0, 12, 7})).isCloseTo(4, within(0.5));
        } else {
            assertThat(t.classifier().quality(new float[] {100.05f, 0, 15, 7})).isGreaterThan(4.9);
            assertThat(t.classifier().quality(new float[] {100.0f, 0, 0, 7})).isLessThan(0.1);
        }
        assertThat(t.report()).containsEntry("head", head.label()).containsKey("heldout");
    }

    @Test
    void theSameSeedGivesTheSameSplitAndClassifier() {
        float[][] x = new float[100][];
        List<LabelledExample> ex = examples(100, new Random(4), x);
        var a = ClassifierTrainer.fit(ex, x, SPEC, HeadType.REGRESSION, 0.3, 1, 1e-2, 0);
        var b = ClassifierTrainer.fit(ex, x, SPEC, HeadType.REGRESSION, 0.3, 1, 1e-2, 0);
        var c = ClassifierTrainer.fit(ex, x, SPEC, HeadType.REGRESSION, 0.3, 2, 1e-2, 0);
        assertThat(((LinearHead) a.classifier().head()).weights()).isEqualTo(((LinearHead) b.classifier().head()).weights());
        assertThat(((LinearHead) a.classifier().head()).weights()).isNotEqualTo(((LinearHead) c.classifier().head()).weights());
    }

    @Test
    void savesAtomicallyAndLoadsTheSameClassifier() throws IOException {
        float[][] x = new float[80][];
        List<LabelledExample> ex = examples(80, new Random(5), x);
        var t = ClassifierTrainer.fit(ex, x, SPEC, HeadType.LOGISTIC, 0.25, 1, 1e-2, 0);
        Path cdir = dir.resolve("clf");
        ClassifierFiles.save(cdir, t.classifier(), t.report());
        ClassifierFiles.save(cdir, t.classifier(), t.report()); // replacing an existing classifier works
        assertThat(dir.resolve("clf.tmp")).doesNotExist();
        assertThat(dir.resolve("clf.old")).doesNotExist();
        QualityClassifier back = ClassifierFiles.load(cdir);
        assertThat(back.embedder()).isEqualTo(SPEC);
        assertThat(back.head().type()).isEqualTo(HeadType.LOGISTIC);
        for (float[] v : x) {
            assertThat(back.quality(v)).isEqualTo(t.classifier().quality(v));
        }
        assertThat(cdir.resolve("report.json")).content().contains("\"f1\"").contains("\"confusion\"");
        Files.createDirectories(dir.resolve("notclf"));
        Files.writeString(dir.resolve("notclf/x.txt"), "keep me");
        assertThatThrownBy(() -> ClassifierFiles.save(dir.resolve("notclf"), t.classifier(), t.report()))
                .isInstanceOf(PhiException.class).hasMessageEndingWith("exists and is not a classifier directory; not replacing it");
        assertThat(dir.resolve("notclf/x.txt")).hasContent("keep me");
    }

    @Test
    void aForestSurvivesSaveAndLoadAndItsIndicesAreChecked() throws IOException {
        float[][] x = new float[60][];
        List<LabelledExample> ex = examples(60, new Random(8), x);
        var t = ClassifierTrainer.fit(ex, x, SPEC, HeadType.FOREST, 0.2, 1, 1e-2, 0);
        Path cdir = dir.resolve("forest");
        ClassifierFiles.save(cdir, t.classifier(), t.report());
        QualityClassifier back = ClassifierFiles.load(cdir);
        assertThat(((ForestHead) back.head()).trees()).hasSize(RandomForest.DEFAULT_TREES);
        for (float[] v : x) {
            assertThat(back.quality(v)).isEqualTo(t.classifier().quality(v));
        }
        Path f = cdir.resolve("classifier.json");
        ObjectNode n = (ObjectNode) new ObjectMapper().readTree(f.toFile());
        ((ArrayNode) n.at("/trees/3/left")).set(0, 0); // the root points to itself
        Files.writeString(f, n.toString());
        assertThatThrownBy(() -> ClassifierFiles.load(cdir)).isInstanceOf(PhiException.class)
                .hasMessage(f + ": tree 3: node 0 has a bad feature or child index");
    }

    @Test
    void damagedClassifierFilesAreOneLineErrors() throws IOException {
        float[][] x = new float[40][];
        var t = ClassifierTrainer.fit(examples(40, new Random(6), x), x, SPEC, HeadType.REGRESSION, 0, 1, 1e-2, 0);
        Path cdir = dir.resolve("c");
        ClassifierFiles.save(cdir, t.classifier(), t.report());
        Path f = cdir.resolve("classifier.json");
        String good = Files.readString(f);
        Files.writeString(f, good.replace("\"head\" : \"regression\"", "\"head\" : \"forest2\""));
        assertThatThrownBy(() -> ClassifierFiles.load(cdir)).hasMessage("unknown head 'forest2' (known: regression, logistic, forest)");
        Files.writeString(f, good.replace("\"dimension\" : 4", "\"dimension\" : 5"));
        assertThatThrownBy(() -> ClassifierFiles.load(cdir))
                .hasMessage(f + ": \"feature_mean\" must be an array of 5 numbers (the dimension)");
        Files.writeString(f, "{}");
        assertThatThrownBy(() -> ClassifierFiles.load(cdir)).hasMessage(f + ": not a phi4j-quality-classifier/1 file");
        assertThatThrownBy(() -> ClassifierFiles.load(dir.resolve("none")))
                .hasMessage(dir.resolve("none") + ": no classifier.json (train one with phi data train-classifier)");
    }

    @Test
    void badTrainingSetsAreOneLineErrors() {
        assertThatThrownBy(() -> ClassifierTrainer.fit(List.of(), new float[0][], SPEC, HeadType.REGRESSION, 0.2, 1, 1, 0))
                .isInstanceOf(PhiException.class);
        assertThatThrownBy(() -> ClassifierTrainer.train(List.of(), null, HeadType.REGRESSION, 0.2, 1, 1, io.phi4j.convert.Progress.NONE))
                .isInstanceOf(PhiException.class).hasMessage("no labelled documents to train on");
        List<LabelledExample> low = List.of(new LabelledExample("a", "x", 1), new LabelledExample("b", "y", 2),
                new LabelledExample("c", "z", 0));
        float[][] x = {{1, 2}, {2, 1}, {0, 0}};
        assertThatThrownBy(() -> ClassifierTrainer.fit(low, x, SPEC, HeadType.LOGISTIC, 0, 1, 1, 0))
                .isInstanceOf(PhiException.class)
                .hasMessage("a logistic head needs documents on both sides of score 3, but all 3 training labels are below 3");
    }

    @Test
    void embeddersOutsideThisModuleNeedTheirModule() {
        assertThat(Embedder.forName("/models/phi-2.gguf", 512)).as("a path is a phi4j model").isNull();
        assertThatThrownBy(() -> Embedder.forName("all-MiniLM-L6-v2", 512)).isInstanceOf(PhiException.class)
                .hasMessage("the all-MiniLM-L6-v2 embedder needs the phi4j-embed-minilm module on the class path"
                        + " (build the CLI with -Pminilm)");
        assertThatThrownBy(() -> Embedder.open(new EmbedderSpec("minilm", "all-MiniLM-L6-v2", 510, "mean")))
                .hasMessage("unknown embedder kind 'minilm' (known: phi; minilm needs the phi4j-embed-minilm module on the class path)");
        assertThatThrownBy(() -> Embedder.open(new EmbedderSpec("bert", "x", 5, "mean")))
                .hasMessage("unknown embedder kind 'bert' (known: phi)");
    }

    @Test
    void labelFilesAreChecked() throws IOException {
        Path f = dir.resolve("l.jsonl");
        Files.writeString(f, "{\"id\":1,\"text\":\"a\",\"edu_score\":3}\n{\"id\":2,\"text\":\"b\",\"edu_score\":7}\n");
        assertThatThrownBy(() -> LabelledSet.fromLabels(f, "edu_score")).hasMessage(f + ": line 2: edu_score 7 is outside 0–5");
        Files.writeString(f, "{\"id\":1,\"text\":\"a\",\"score\":3}\n");
        assertThatThrownBy(() -> LabelledSet.fromLabels(f, "edu_score"))
                .hasMessage(f + ": line 1: no \"edu_score\" (name the label with --label-field)");
        assertThat(LabelledSet.fromLabels(f, "score")).containsExactly(new LabelledExample("1", "a", 3));
        Files.writeString(f, "{\"id\":1,\"text\":\"a\",\"edu_score\":2.5}\n");
        assertThatThrownBy(() -> LabelledSet.fromLabels(f, "edu_score")).hasMessage(f + ": line 1: edu_score 2.5 is not an integer score 0–5");
        Path pos = dir.resolve("p.jsonl"), neg = dir.resolve("n.jsonl");
        Files.writeString(pos, "{\"id\":\"p1\",\"text\":\"good\"}\n");
        Files.writeString(neg, "{\"id\":\"n1\",\"text\":\"bad\"}\n\n{\"id\":\"n2\",\"text\":\"worse\"}\n");
        assertThat(LabelledSet.fromSources(pos, neg)).containsExactly(new LabelledExample("p1", "good", 5),
                new LabelledExample("n1", "bad", 0), new LabelledExample("n2", "worse", 0));
    }
}
