package io.phi4j.eval;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Expected values worked out by hand (and checked with Python's re.findall: the pattern's final "." is any
 * character, so "The answer is 42" at the very end extracts "4") from gsm8k-cot.yaml's regexes and lm_eval's RegexFilter / exact_match. */
class Gsm8kAnswerTest {
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "Natalia sold 48 + 24 = 72 clips. The answer is 72.|72|72.",
            "So 5 * 4 = 20. The answer is 1,250. Then more 7|1,250.|7",
            "The answer is -3.5 dollars, not 4 dollars|-3.5|4",
            "She has $18 left. The answer is $18.|[invalid]|$18.",
            "no digits at all|[invalid]|[invalid]",
            "It is 5|[invalid]|5",
            "The answer is 42|4|42",
    })
    void extractsLikeTheHarness(String completion, String strict, String flexible) {
        assertThat(Gsm8kAnswer.strict(completion)).isEqualTo(strict);
        assertThat(Gsm8kAnswer.flexible(completion)).isEqualTo(flexible);
    }

    @Test
    void targetIsTheTextAfterTheLastHashes() {
        assertThat(Gsm8kAnswer.target("Janet sells 16 - 3 - 4 = <<16-3-4=9>>9 duck eggs.\n#### 18")).isEqualTo("18");
        assertThat(Gsm8kAnswer.target("#### 1,000 ")).isEqualTo("1,000");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "1,250|1250|true",
            "$18.|18|true",
            "18.|18|true",
            "18.0|18|false",
            "[invalid]|18|false",
            "-3|-3|true",
            "ABC|abc|true",
    })
    void exactMatchIgnoresCommasDollarsFinalPeriodAndCase(String prediction, String reference, boolean match) {
        assertThat(Gsm8kAnswer.exactMatch(prediction, reference)).isEqualTo(match);
    }
}
