package io.phi4j.tokenizer;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * llama.cpp's own test vectors for the Phi-2 vocabulary (tests/test-tokenizer-0 format, produced with
 * add_special=false, parse_special=false), checked against both Hugging Face loaders.
 */
class LlamaCppVectorsTest {

    static Stream<Arguments> cases() {
        return TokenizerFixtures.phi2LlamaCppCases().stream()
                .flatMap(c -> Stream.of(Arguments.of("tokenizer.json", c), Arguments.of("vocab+merges", c)));
    }

    private static Tokenizer tokenizer(String loader) {
        return loader.equals("tokenizer.json") ? TokenizerFixtures.phi2FromTokenizerJson()
                : TokenizerFixtures.phi2FromVocabAndMerges();
    }

    @Test
    void all46CasesArePresent() {
        List<TokenizerFixtures.Case> cases = TokenizerFixtures.phi2LlamaCppCases();
        assertThat(cases).hasSize(46);
        assertThat(cases.get(25).text()).isEqualTo("  Hello");
        assertThat(cases.get(25).ids()).containsExactly(50286, 15496);
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("cases")
    void encodesLikeLlamaCpp(String loader, TokenizerFixtures.Case c) {
        assertThat(tokenizer(loader).encode(c.text())).containsExactly(c.ids());
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("cases")
    void decodesBackToTheInput(String loader, TokenizerFixtures.Case c) {
        Tokenizer t = tokenizer(loader);
        assertThat(t.decode(c.ids())).isEqualTo(c.text());
        assertThat(t.decode(t.encode(c.text(), true))).isEqualTo(c.text());
    }
}
