package io.phi4j.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.phi4j.Model;
import io.phi4j.testing.Fixtures;
import io.phi4j.testing.LogitChecks;
import io.phi4j.testing.Npy;
import io.phi4j.testing.Npz;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Logits of the random-weights tiny Phi-2 in ../shared against an independent float64 implementation of
 * Hugging Face's PhiForCausalLM and against llama.cpp (see ../shared/README.md for how they were made).
 */
@Tag("shared")
class TinyPhi2ParityTest {
    private static final String DIR = "fixtures/tiny-phi2/";
    private static final double EXACT_TOL = 1e-4;
    private static final double LLAMACPP_TOL = 5e-3;

    static int[] tokens(String seq) throws IOException {
        JsonNode n = new ObjectMapper().readTree(Fixtures.shared(DIR + "reference/tokens.json").toFile()).get(seq);
        int[] ids = new int[n.size()];
        for (int i = 0; i < ids.length; i++) {
            ids[i] = n.get(i).asInt();
        }
        return ids;
    }

    static float[] allLogits(Path model, int[] tokens) {
        try (Model m = Model.load(model)) {
            return m.newSession(tokens.length).append(tokens, 0, tokens.length, true);
        }
    }

    static Npy ref(String name) throws IOException {
        return Npy.read(Fixtures.shared(DIR + "reference/" + name));
    }

    @ParameterizedTest
    @ValueSource(strings = {"hf", "gguf/phi2-tiny-random-std0.1-F32.gguf"})
    void f32MatchesFloat64ReferenceAndLlamaCpp(String file) throws IOException {
        float[] logits = allLogits(Fixtures.shared(DIR + file), tokens("seqB"));
        Npy exact = ref("seqB.numpy-f64.npy");
        assertThat(LogitChecks.maxAbsDiff(logits, 51200, exact)).isLessThan(EXACT_TOL);
        LogitChecks.assertSameArgmax(logits, 51200, exact);
        assertThat(LogitChecks.maxAbsDiff(logits, 51200, ref("seqB.llamacpp-F32-kvf32.npy"))).isLessThan(LLAMACPP_TOL);

        float[] a = allLogits(Fixtures.shared(DIR + file), tokens("seqA"));
        assertThat(LogitChecks.maxAbsDiff(a, 51200, ref("seqA.numpy-f64.npy"))).isLessThan(EXACT_TOL);
    }

    @ParameterizedTest
    @ValueSource(strings = {"hf", "gguf/phi2-tiny-random-std0.1-F32.gguf"})
    void longRandomSequenceMatchesTheSummary(String file) throws IOException {
        int[] seq = tokens("seqC");
        float[] logits = allLogits(Fixtures.shared(DIR + file), seq);
        Path npz = Fixtures.shared(DIR + "reference/phi2-tiny-random-std0.1.reference.npz");
        Npy slice = Npz.read(npz, "seqC.slice0_256");
        Npy argmax = Npz.read(npz, "seqC.argmax");
        Npy lse = Npz.read(npz, "seqC.lse");
        Npy rowsPos = Npz.read(npz, "seqC.rows_pos");
        Npy rows = Npz.read(npz, "seqC.rows");
        Npy llama = Npz.read(npz, "seqC.llamacpp_F32_kvf32_rows");
        for (int t = 0; t < seq.length; t++) {
            double maxSlice = 0;
            for (int c = 0; c < 256; c++) {
                maxSlice = Math.max(maxSlice, Math.abs(logits[t * 51200 + c] - slice.get(t, c)));
            }
            assertThat(maxSlice).as("position %d, vocab 0..255", t).isLessThan(EXACT_TOL);
            assertThat(LogitChecks.argmax(logits, t * 51200, 51200)).as("argmax %d", t).isEqualTo((int) argmax.values()[t]);
            assertThat(io.phi4j.score.LogProbs.logSumExp(logits, t * 51200, 51200)).isCloseTo(lse.values()[t],
                    org.assertj.core.api.Assertions.within(EXACT_TOL));
        }
        for (int r = 0; r < rowsPos.values().length; r++) {
            int pos = (int) rowsPos.values()[r];
            double maxExact = 0, maxLlama = 0;
            for (int c = 0; c < 51200; c++) {
                maxExact = Math.max(maxExact, Math.abs(logits[pos * 51200 + c] - rows.get(r, c)));
                maxLlama = Math.max(maxLlama, Math.abs(logits[pos * 51200 + c] - llama.get(r, c)));
            }
            assertThat(maxExact).as("row at position %d vs float64", pos).isLessThan(EXACT_TOL);
            assertThat(maxLlama).as("row at position %d vs llama.cpp", pos).isLessThan(LLAMACPP_TOL);
        }
    }

    @Test
    void f16MatchesFloat64ReferenceWithF16WeightsAndLlamaCpp() throws IOException {
        float[] logits = allLogits(Fixtures.shared(DIR + "gguf/phi2-tiny-random-std0.1-F16.gguf"), tokens("seqB"));
        Npy exact = ref("seqB.numpy-f64-f16weights.npy");
        assertThat(LogitChecks.maxAbsDiff(logits, 51200, exact)).isLessThan(EXACT_TOL);
        LogitChecks.assertSameArgmax(logits, 51200, exact);
        assertThat(LogitChecks.maxAbsDiff(logits, 51200, ref("seqB.llamacpp-F16-kvf32.npy"))).isLessThan(LLAMACPP_TOL);
    }

    @Test
    void probabilitiesMatchNodeLlamaCppTop64() throws IOException {
        JsonNode ref = new ObjectMapper().readTree(Fixtures.shared(DIR + "reference/node-llama-cpp-tiny-std0.1-F32.json").toFile());
        for (String seqName : new String[] {"seqA", "seqB", "seqC"}) {
            int[] seq = tokens(seqName);
            float[] logits = allLogits(Fixtures.shared(DIR + "gguf/phi2-tiny-random-std0.1-F32.gguf"), seq);
            JsonNode rows = ref.get(seqName);
            assertThat(rows.size()).isEqualTo(seq.length);
            for (int t = 0; t < seq.length; t++) {
                JsonNode row = rows.get(t);
                assertThat(LogitChecks.argmax(logits, t * 51200, 51200)).as("%s greedy token at %d", seqName, t)
                        .isEqualTo(row.get("token").asInt());
                double lse = io.phi4j.score.LogProbs.logSumExp(logits, t * 51200, 51200);
                double max = 0;
                for (JsonNode pair : row.get("top")) {
                    double ours = logits[t * 51200 + pair.get(0).asInt()] - lse;
                    max = Math.max(max, Math.abs(ours - Math.log(pair.get(1).asDouble())));
                }
                assertThat(max).as("%s position %d: max |log p - llama.cpp| over its top 64", seqName, t).isLessThan(LLAMACPP_TOL);
            }
        }
    }

    @Test
    void fusedQkvGivesTheSameLogitsAsSeparateTensors() throws IOException {
        int[] seq = tokens("seqB");
        float[] separate = allLogits(Fixtures.shared(DIR + "gguf/phi2-tiny-random-std0.1-F16.gguf"), seq);
        float[] fused = allLogits(Fixtures.shared(DIR + "gguf/phi2-tiny-random-std0.1-F16-fusedqkv.gguf"), seq);
        // Same weights, same arithmetic; only the order of float sums inside a vector reduction may differ.
        assertThat(LogitChecks.maxAbsDiff(fused, separate)).as("fused vs separate").isLessThan(1e-5);
    }

    @Test
    void incrementalDecodingGivesTheSameLogitsAsOneBatch() throws IOException {
        int[] seq = tokens("seqB");
        Path model = Fixtures.shared(DIR + "gguf/phi2-tiny-random-std0.1-F32.gguf");
        float[] batch = allLogits(model, seq);
        try (Model m = Model.load(model)) {
            Session s = m.newSession(64);
            for (int t = 0; t < seq.length; t++) {
                float[] row = s.append(seq[t]);
                double max = 0;
                for (int c = 0; c < 51200; c++) {
                    max = Math.max(max, Math.abs(row[c] - batch[t * 51200 + c]));
                }
                assertThat(max).as("position %d", t).isLessThan(1e-5);
            }
        }
    }
}
