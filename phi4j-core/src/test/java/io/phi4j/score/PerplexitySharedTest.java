package io.phi4j.score;

import io.phi4j.Model;
import io.phi4j.testing.Fixtures;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** Perplexity as llama-perplexity computes it, against the figure llama.cpp printed (../shared/README.md). */
@Tag("shared")
class PerplexitySharedTest {
    @Test
    void matchesLlamaPerplexityOnTheTinyModel() throws IOException {
        String text = Files.readString(Fixtures.shared("fixtures/ppl-sample.txt"));
        try (Model m = Model.load(Fixtures.shared("fixtures/tiny-phi2/gguf/phi2-tiny-random-std0.1-F32.gguf"))) {
            int[] ids = m.tokenizer().encode(text);
            assertThat(ids).hasSize(5090);
            Scorer.Perplexity p = Scorer.perplexity(m.model(), ids, 128, null);
            assertThat(p.chunks()).isEqualTo(39);
            assertThat(p.scoredTokens()).isEqualTo(39 * 63);
            // llama.cpp: "Final estimate: PPL = 75631.5528 +/- 1195.64505"; its logits differ from exact float
            // by ~2e-3 (fp16 GELU table), which moves the PPL by a few parts in 10^4.
            assertThat(p.ppl()).isCloseTo(75631.5528, within(75631.5528 * 5e-4));
            assertThat(p.stderr()).isCloseTo(1195.64505, within(1195.64505 * 5e-3));
        }
    }
}
