package io.phi4j.eval;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.phi4j.Model;
import io.phi4j.testing.Fixtures;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * phi4j-eval against lm-evaluation-harness itself (v0.4.13, transformers, float32) on the tiny random Phi-2
 * and the local data in eval-data/: the same [context, continuation] strings, per-request log-likelihoods
 * within 1e-3, the same is_greedy flags, and the same metrics. Reference: reference/lm-eval-tiny-phi2.json,
 * made by tools/eval-reference/run_harness.py.
 */
@Tag("shared")
class HarnessParityTest {
    private static Model model;
    private static Map<String, Object> reference;

    @BeforeAll
    static void load() throws IOException {
        model = Model.load(Fixtures.shared("fixtures/tiny-phi2/hf"));
        reference = new ObjectMapper().readValue(Fixtures.resource("reference/lm-eval-tiny-phi2.json").toFile(),
                new TypeReference<Map<String, Object>>() { });
    }

    /**
     * The first three documents of every task against a float64 forward pass (reference/f64-tiny-phi2.json,
     * tools/eval-reference/f64_scores.py): phi4j's float32 log-likelihoods are within 1e-4 of the exact values,
     * and so is the harness's (float32 torch) to 1e-3.
     */
    @SuppressWarnings("unchecked")
    @ParameterizedTest
    @ValueSource(strings = {"hellaswag", "piqa", "arc_easy", "arc_challenge", "arc_easy_3shot", "openbookqa", "winogrande",
            "boolq", "siqa", "copa", "lambada", "mmlu"})
    void closeToFloat64(String name) throws IOException {
        Map<String, Object> f64 = new ObjectMapper().readValue(Fixtures.resource("reference/f64-tiny-phi2.json").toFile(),
                new TypeReference<Map<String, Object>>() { });
        List<Map<String, Object>> exact = (List<Map<String, Object>>) ((Map<String, Object>) f64.get("tasks")).get(name);
        List<Map<String, Object>> harness = (List<Map<String, Object>>)
                ((Map<String, Object>) ((Map<String, Object>) reference.get("tasks")).get(name)).get("samples");
        EvalOptions o = EvalOptions.defaults(Fixtures.resource("eval-data")).withLimit(exact.size())
                .withFewshot(name.endsWith("_3shot") ? 3 : null);
        TaskResult r = new Evaluator(model).run(name.replace("_3shot", ""), o, null);
        assertThat(exact).hasSize(3);
        for (int i = 0; i < exact.size(); i++) {
            List<Number> want = (List<Number>) exact.get(i).get("loglikelihoods");
            double[] got = (double[]) r.records().get(i).get("loglikelihoods");
            List<Number> theirs = (List<Number>) harness.get(i).get("loglikelihoods");
            assertThat(got).hasSize(want.size());
            for (int c = 0; c < want.size(); c++) {
                assertThat(got[c]).as("%s doc %d choice %d vs float64", name, i, c).isCloseTo(want.get(c).doubleValue(), within(1e-4));
                assertThat(theirs.get(c).doubleValue()).as("harness %s doc %d choice %d vs float64", name, i, c)
                        .isCloseTo(want.get(c).doubleValue(), within(1e-3));
            }
        }
    }

    @AfterAll
    static void close() {
        model.close();
    }

    @SuppressWarnings("unchecked")
    @ParameterizedTest
    @ValueSource(strings = {"hellaswag", "piqa", "arc_easy", "arc_challenge", "arc_easy_3shot", "openbookqa", "winogrande",
            "boolq", "siqa", "copa", "lambada", "mmlu"})
    void matchesTheHarness(String name) {
        Map<String, Object> ref = (Map<String, Object>) ((Map<String, Object>) reference.get("tasks")).get(name);
        assertThat(ref).as("reference for %s", name).isNotNull();
        String task = name.replace("_3shot", "");
        EvalOptions o = EvalOptions.defaults(Fixtures.resource("eval-data")).withFewshot(name.endsWith("_3shot") ? 3 : null);
        TaskResult r = new Evaluator(model).run(task, o, null);

        List<Map<String, Object>> samples = (List<Map<String, Object>>) ref.get("samples");
        assertThat(r.records()).hasSameSizeAs(samples);
        for (int i = 0; i < samples.size(); i++) {
            Map<String, Object> want = samples.get(i);
            Map<String, Object> got = r.records().get(i);
            List<List<String>> wantArgs = (List<List<String>>) want.get("arguments");
            List<String[]> gotArgs = (List<String[]>) got.get("arguments");
            assertThat(gotArgs).hasSameSizeAs(wantArgs);
            for (int c = 0; c < wantArgs.size(); c++) {
                assertThat(gotArgs.get(c)).as("%s doc %d request %d", name, i, c).containsExactlyElementsOf(wantArgs.get(c));
            }
            List<Number> lls = (List<Number>) want.get("loglikelihoods");
            double[] gotLls = (double[]) got.get("loglikelihoods");
            for (int c = 0; c < lls.size(); c++) {
                assertThat(gotLls[c]).as("%s doc %d choice %d log-likelihood", name, i, c).isCloseTo(lls.get(c).doubleValue(), within(1e-3));
            }
            assertThat(got.get("is_greedy")).as("%s doc %d is_greedy", name, i).isEqualTo(want.get("is_greedy"));
        }
        Map<String, Object> metrics = (Map<String, Object>) ref.get("metrics");
        assertThat(r.metrics().keySet()).containsExactlyInAnyOrderElementsOf(
                metrics.keySet().stream().filter(k -> !k.equals("name") && !k.equals("sample_len")).toList());
        for (var e : metrics.entrySet()) {
            if (!(e.getValue() instanceof Number n) || e.getKey().equals("sample_len")) {
                continue;
            }
            double want = n.doubleValue();
            double got = r.metrics().get(e.getKey());
            if (e.getKey().equals("perplexity")) {
                assertThat(got).as("%s perplexity", name).isCloseTo(want, within(want * 1e-4));
            } else {
                assertThat(got).as("%s %s", name, e.getKey()).isEqualTo(want);
                Number se = ((Map<String, Number>) ref.get("stderrs")).get(e.getKey());
                assertThat(r.stderrs().get(e.getKey())).as("%s %s stderr", name, e.getKey()).isCloseTo(se.doubleValue(), within(1e-12));
            }
        }
    }
}
