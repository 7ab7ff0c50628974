package io.phi4j.eval;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.phi4j.Model;
import io.phi4j.testing.Fixtures;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The generation path against lm-evaluation-harness itself: gsm8k-cot (8-shot, greedy, until "Q:", 32 tokens)
 * on the tiny random Phi-2, first 5 test problems: the same prompt, the same greedy completion, the same
 * extractions and exact_match. Reference: reference/lm-eval-gsm8k-tiny-phi2.json from
 * tools/eval-reference/run_harness_gsm8k.py.
 */
@Tag("shared")
class Gsm8kParityTest {
    @SuppressWarnings("unchecked")
    @Test
    void matchesTheHarness() throws IOException {
        Map<String, Object> ref = new ObjectMapper().readValue(Fixtures.resource("reference/lm-eval-gsm8k-tiny-phi2.json").toFile(),
                new TypeReference<Map<String, Object>>() { });
        List<Map<String, Object>> samples = (List<Map<String, Object>>) ref.get("samples");
        EvalOptions o = new EvalOptions(Fixtures.shared("data/eval/gsm8k"), samples.size(), null, 1234,
                McRunner.Scoring.HARNESS, 16, false, 1, 0.2, (Integer) ref.get("max_gen_toks"), 3.0);
        try (Model model = Model.load(Fixtures.shared("fixtures/tiny-phi2/hf"))) {
            TaskResult r = new Evaluator(model).run("gsm8k", o, null);
            assertThat(r.records()).hasSameSizeAs(samples);
            for (int i = 0; i < samples.size(); i++) {
                Map<String, Object> want = samples.get(i);
                Map<String, Object> got = r.records().get(i);
                assertThat(got.get("prompt")).as("doc %d prompt", i).isEqualTo(want.get("prompt"));
                assertThat(got.get("completion")).as("doc %d completion", i).isEqualTo(want.get("completion"));
                assertThat(got.get("target")).as("doc %d target", i).isEqualTo(want.get("target"));
                Map<String, String> filtered = (Map<String, String>) got.get("filtered_resps");
                assertThat(filtered.get("strict-match")).isEqualTo(want.get("strict-match"));
                assertThat(filtered.get("flexible-extract")).isEqualTo(want.get("flexible-extract"));
                assertThat(got.get("exact_match,strict-match")).isEqualTo(((Number) want.get("exact_match,strict-match")).doubleValue());
            }
        }
    }
}
