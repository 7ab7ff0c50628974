package io.phi4j.data.quality;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class JudgeReplyTest {
    @ParameterizedTest(name = "[{index}] {1}")
    @CsvSource(delimiter = '|', textBlock = """
            3 | The extract explains fractions clearly.\\nEducational score: 3
            4 | Good tutorial.\\n\\n**Educational score:** 4
            2 | Some info.\\n**Educational Score**: 2
            5 | Excellent.\\nEducational score: 5/5
            1 | Mostly ads.\\nEducational score: 1 out of 5
            0 | Spam.\\nEducational score: 0
            3 | Decent.\\nEducational score: <3>
            4 | Fine.\\nEducational score: [4]
            2 | The educational score is 2 points.
            3 | Coherent.\\nEducational score: 3.0
            3 | Coherent.\\nEducational score:\\n3
            4 | Points: +1 basic info, +1 elements, +1 curriculum, +1 textbook-like. Total 4.\\nEducational score: 4 points.
            2 | Awarding 1 point for basic information and 1 for elements.\\n\\nEducational score = 2
            1 | EDUCATIONAL SCORE: 1
            5 | Educational score - 5
            3 | The educational score of this extract is 3.
            2 | I would first give Educational score: 4 but on reflection the text is disorganised.\\nEducational score: 2
            """)
    void readsTheScoreFromManyWritingsOfTheLastLine(int expected, String reply) throws Exception {
        JudgeReply.Verdict v = JudgeReply.parse(reply.replace("\\n", "\n"));
        assertThat(v.score()).isEqualTo(expected);
    }

    @ParameterizedTest(name = "[{index}] {1}")
    @CsvSource(delimiter = '|', textBlock = """
            empty reply | ' '
            no "Educational score: N" in the reply | This page is about cats.
            "Educational score:" is not followed by a number | Educational score: <total points>
            score 7 is outside 0–5 | Educational score: 7
            score -1 is outside 0–5 | Educational score: -1
            score 3.5 is not a whole number of points | Educational score: 3.5
            score 8/10 is not on the 0–5 scale | Educational score: 8/10
            no "Educational score: N" in the reply | I would rate it 3/5 overall, maybe 4.
            """)
    void rejectsRepliesWithoutAUsableScore(String message, String reply) {
        assertThatThrownBy(() -> JudgeReply.parse(reply)).isInstanceOf(JudgeReply.Unparsable.class)
                .hasMessage(message);
    }

    @Test
    void theReasonIsTheJustificationBeforeTheScore() throws Exception {
        JudgeReply.Verdict v = JudgeReply.parse("**Justification:** The extract introduces\nfractions with worked"
                + " examples.\n\n**Educational score: 4**");
        assertThat(v.score()).isEqualTo(4);
        assertThat(v.reason()).isEqualTo("The extract introduces fractions with worked examples.");
        assertThat(JudgeReply.parse("Educational score: 2").reason()).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(ints = {10, 40, 61})
    void longDocumentsAreCutAtAWordBoundary(int max) {
        String text = "alpha beta gamma delta epsilon zeta eta theta iota kappa lambda mu nu xi omicron pi rho sigma";
        String cut = JudgePrompt.truncate(text, max);
        assertThat(cut.length()).isLessThanOrEqualTo(max);
        assertThat(text).startsWith(cut);
        assertThat(text.charAt(cut.length())).isEqualTo(' ');
        assertThat(JudgePrompt.EDU.message(text, max)).contains("The extract:\n" + cut + ".\n")
                .endsWith("Conclude with the score using the format: \"Educational score: <total points>\"");
        assertThat(JudgePrompt.CODE.message(text, max)).contains("student whose goal is to learn basic coding concepts");
    }
}
