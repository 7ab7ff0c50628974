package io.phi4j.data.curate;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

class HeuristicRulesTest {
    static final String GOOD = """
            The river starts high in the mountains, where snow melts slowly during the spring months. Small streams \
            join together and carry cold water down through the forest. Along the way, the water shapes the land, \
            cutting deep valleys and leaving smooth stones behind.

            Farmers in the valley depend on the river for their crops. They dig channels that bring water to the \
            fields, and they watch the level of the river closely each year. When the rain is heavy, the river can \
            flood the lower fields and damage the harvest.

            Scientists study the river to understand how the climate is changing. They measure the temperature of \
            the water, count the fish that live in it, and compare their results with records kept by earlier \
            generations.""";

    static String times(String s, int n) {
        return IntStream.range(0, n).mapToObj(i -> s).collect(Collectors.joining());
    }

    static String numbered(String s, int n) {
        return IntStream.range(0, n).mapToObj(i -> s + " " + (char) ('a' + i % 26) + i + "\n").collect(Collectors.joining());
    }

    /** A document that breaks each rule (and passes it once the rule is off). */
    static Stream<Arguments> trippers() {
        return Stream.of(
                Arguments.of("min_words", "Too short to be a document with the words."),
                Arguments.of("max_words", times("word ", 100_001)),
                Arguments.of("min_mean_word_length", times("a an to be is it of me ", 10)),
                Arguments.of("max_mean_word_length", times("internationalization ", 60)),
                Arguments.of("max_symbol_word_ratio", GOOD + times(" #tag", 20)),
                Arguments.of("max_bullet_lines", numbered("- item number", 10)),
                Arguments.of("max_ellipsis_lines", "It began...\nThen it rained.\nAnd then...\nThe end."),
                Arguments.of("min_alpha_words", GOOD + times(" 1234", 100)),
                Arguments.of("max_digit_ratio", GOOD + " " + times("1234567890", 100)),
                Arguments.of("min_stop_words", "Cats sleep often while dogs bark loudly near houses."),
                Arguments.of("max_dup_line_fraction", "alpha beta\ngamma\nalpha beta\nalpha beta"),
                Arguments.of("max_dup_para_fraction", "alpha\n\nbeta\n\nalpha\n\nalpha"),
                Arguments.of("max_dup_line_chars", "a long line that is repeated verbatim\nshort\na long line that is repeated verbatim"),
                Arguments.of("max_dup_para_chars", "a long paragraph that is repeated\n\nshort\n\na long paragraph that is repeated"),
                Arguments.of("max_top_2gram_chars", times("the cat ", 50)),
                Arguments.of("max_top_3gram_chars", GOOD + times(" one two three", 20)),
                Arguments.of("max_top_4gram_chars", GOOD + times(" one two three four", 15)),
                Arguments.of("max_dup_5gram_chars", GOOD + "\n\n" + GOOD.replace("\n\n", "\n")),
                Arguments.of("max_dup_10gram_chars", GOOD + " " + GOOD.substring(0, GOOD.length() / 2)),
                Arguments.of("lorem_ipsum", GOOD + " Lorem ipsum dolor sit amet."),
                Arguments.of("max_boilerplate_lines", "Please enable JavaScript to view this site.\nWe use cookies: read our"
                        + " Cookie Policy.\nHello, here is the article."));
    }

    static HeuristicOptions only(String rule) {
        Double v = HeuristicOptions.DEFAULTS.get(rule);
        return new HeuristicOptions(Map.of(rule, v), HeuristicOptions.DEFAULT_MARKERS);
    }

    @ParameterizedTest
    @MethodSource("trippers")
    void eachRuleRejectsADocumentThatBreaksItAndPassesAGoodOne(String rule, String text) {
        HeuristicRules r = new HeuristicRules(only(rule));
        HeuristicRules.Rejection rej = r.check(text);
        assertThat(rej).as(rule).isNotNull();
        assertThat(rej.rule()).isEqualTo(rule);
        assertThat(rej.detail()).isNotBlank();
        assertThat(r.check(GOOD)).as(rule + " on the good document").isNull();
        assertThat(new HeuristicRules(HeuristicOptions.DEFAULT.with(rule, "off")).ruleNames()).doesNotContain(rule);
    }

    @Test
    void aGoodDocumentPassesEveryDefaultRule() {
        assertThat(new HeuristicRules(HeuristicOptions.DEFAULT).check(GOOD)).isNull();
        assertThat(new HeuristicRules(HeuristicOptions.DEFAULT).ruleNames()).hasSize(25);
    }

    @Test
    void theFirstBrokenRuleIsReportedWithItsMeasuredValue() {
        HeuristicRules r = new HeuristicRules(HeuristicOptions.DEFAULT);
        assertThat(r.check("Too short to be a document with the words.").reason()).isEqualTo("min_words: 9 words < 50");
        assertThat(new HeuristicRules(HeuristicOptions.DEFAULT.with("min_words", "5")).check("a b c d e f g h i j k").reason())
                .isEqualTo("min_mean_word_length: mean word length 1.00 < 3");
    }

    @Test
    void repetitionMeasuresFollowGopher() {
        // "a b a b a b": 2-gram "a b" occurs 3 times (3 chars each)
        assertThat(Repetition.topNgramChars(java.util.List.of("a", "b", "a", "b", "a", "b"), 2)).isEqualTo(9);
        // 5-grams of 1..5 1..5: the second occurrence of "1 2 3 4 5" (9 chars) is duplicated
        assertThat(Repetition.duplicateNgramChars(java.util.List.of("1", "2", "3", "4", "5", "1", "2", "3", "4", "5"), 5)).isEqualTo(9);
        assertThat(Repetition.duplicates(java.util.List.of("x", "yy", "x", "yy", "yy"))).isEqualTo(new Repetition.Duplicates(3, 5));
    }

    @Test
    void thresholdsAreConfigurable() {
        String nine = "Too short to be a document with the words.";
        assertThat(new HeuristicRules(only("min_words").with("min_words", "9")).check(nine)).isNull();
        assertThat(new HeuristicRules(only("min_words").with("min_words", "10")).check(nine)).isNotNull();
    }
}
