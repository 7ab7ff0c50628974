package io.phi4j.eval;

import io.phi4j.Model;
import io.phi4j.score.LogProbs;
import io.phi4j.score.Scorer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * KV reuse, cross-item batching and row chunking give the same numbers as scoring every request from scratch
 * (one fresh forward pass over its tokens, {@link Scorer#tokenLogProbs}), on the small Q8_0 Phi-2 (vocab 512).
 */
class LoglikelihoodEngineTest {
    private static Model model;
    private static Path dir;

    @BeforeAll
    static void load() throws IOException {
        dir = Files.createTempDirectory("phi-eval-test");
        Path file = dir.resolve("small.gguf");
        try (InputStream in = LoglikelihoodEngineTest.class.getClassLoader().getResourceAsStream("reference/small-phi2/small-phi2-Q8_0.gguf")) {
            assertThat(in).as("small-phi2 test model in phi4j-core's test jar").isNotNull();
            Files.copy(in, file);
        }
        model = Model.load(file);
    }

    @AfterAll
    static void close() throws IOException {
        model.close();
        Files.deleteIfExists(dir.resolve("small.gguf"));
        Files.deleteIfExists(dir);
    }

    /** Groups like multiple-choice items: a shared context (sometimes shared by consecutive items) and choices. */
    private static List<List<TokenRequest>> randomGroups(long seed, int vocab) {
        Random rnd = new Random(seed);
        List<List<TokenRequest>> groups = new ArrayList<>();
        int[] fewshot = rnd.ints(20, 0, vocab).toArray();
        for (int g = 0; g < 11; g++) {
            int ctxLen = 1 + rnd.nextInt(12);
            int[] ctx = rnd.ints(ctxLen, 0, vocab).toArray();
            if (g % 3 == 0) { // a few-shot prefix shared with the items around it
                int[] c = new int[fewshot.length + ctxLen];
                System.arraycopy(fewshot, 0, c, 0, fewshot.length);
                System.arraycopy(ctx, 0, c, fewshot.length, ctxLen);
                ctx = c;
            }
            int choices = 1 + rnd.nextInt(4);
            boolean multiInput = rnd.nextInt(4) == 0; // WinoGrande-like: contexts differ, continuation shared
            int[] shared = rnd.ints(1 + rnd.nextInt(4), 0, vocab).toArray();
            List<TokenRequest> reqs = new ArrayList<>();
            for (int c = 0; c < choices; c++) {
                int[] ctxC = ctx.clone();
                if (multiInput) {
                    ctxC[ctxC.length - 1] = rnd.nextInt(vocab);
                }
                int[] cont = multiInput ? shared : rnd.ints(1 + rnd.nextInt(6), 0, vocab).toArray();
                if (!multiInput && c > 0 && rnd.nextBoolean()) {
                    cont[0] = reqs.getFirst().tokens()[ctxC.length]; // choices starting with the same token
                }
                int[] all = new int[ctxC.length + cont.length];
                System.arraycopy(ctxC, 0, all, 0, ctxC.length);
                System.arraycopy(cont, 0, all, ctxC.length, cont.length);
                reqs.add(new TokenRequest(all, ctxC.length));
            }
            groups.add(reqs);
        }
        return groups;
    }

    @ParameterizedTest
    @CsvSource({"1, 1, 512", "2, 3, 7", "3, 16, 512", "4, 5, 1", "5, 16, 33"})
    void sameAsScoringEachRequestFromScratch(long seed, int groupsPerBatch, int maxRows) {
        int vocab = model.config().vocabSize();
        List<List<TokenRequest>> groups = randomGroups(seed, vocab);
        LoglikelihoodEngine engine = new LoglikelihoodEngine(model.model(), groupsPerBatch, maxRows);
        List<List<TokenScore>> got = engine.score(groups, null);
        assertThat(got).hasSameSizeAs(groups);
        for (int g = 0; g < groups.size(); g++) {
            for (int r = 0; r < groups.get(g).size(); r++) {
                TokenRequest req = groups.get(g).get(r);
                int[] t = req.tokens();
                double[] want = Scorer.tokenLogProbs(model.model(), t, t.length);
                float[] logits = model.newSession(t.length).append(t, 0, t.length, true);
                boolean greedy = true;
                TokenScore s = got.get(g).get(r);
                assertThat(s.tokenLogProbs()).hasSize(t.length - req.contStart());
                for (int j = req.contStart(); j < t.length; j++) {
                    assertThat(s.tokenLogProbs()[j - req.contStart()]).as("group %d request %d token %d", g, r, j)
                            .isCloseTo(want[j], within(2e-4));
                    greedy &= LogitRow.argmax(logits, (j - 1) * vocab, vocab) == t[j];
                }
                assertThat(s.greedy()).as("group %d request %d greedy", g, r).isEqualTo(greedy);
            }
        }
    }

    @ParameterizedTest
    @CsvSource({"1", "2", "3"})
    void logSumExpMatchesDouble(long seed) {
        Random rnd = new Random(seed);
        float[] row = new float[1000 + rnd.nextInt(100)];
        for (int i = 0; i < row.length; i++) {
            row[i] = (float) (rnd.nextGaussian() * 5);
        }
        assertThat(LogitRow.logSumExp(row, 0, row.length)).isCloseTo(LogProbs.logSumExp(row, 0, row.length), within(1e-5));
    }
}
