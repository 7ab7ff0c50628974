package io.phi4j.data;

import java.util.List;
import java.util.Objects;

/**
 * One document of a training corpus: a lesson of one family, in one format.
 *
 * <p>For question-answer lessons, {@code text} starts with {@code prompt} and the reference completion that follows
 * it ends with {@code answer} (see {@link Answers#isCorrect}); anything after the completion (a chat reply's
 * "Thank you!") is not scored. Stories and other free text have a null answer (and may still have a prompt, such
 * as "Instruct: Write a story about …").
 *
 * @param id stable identifier ({@code family-seed-index} or {@code teacher-seed-item})
 * @param family lesson family, e.g. {@code add-sub}
 * @param split train or held-out, decided by {@code keys} (see {@link Split})
 * @param format {@code instruct}, {@code chat}, {@code textbook}, {@code exercise} or {@code story}
 * @param keys canonical keys of every problem the lesson contains, the scored one first
 * @param topic, audience, style the diversity axes the lesson was drawn with
 */
public record Lesson(String id, String family, Split split, String format, List<String> keys, String topic,
                     String audience, String style, String text, String prompt, String answer) {
    public Lesson {
        Objects.requireNonNull(text, "text");
        keys = List.copyOf(keys);
        if (prompt != null && !text.startsWith(prompt)) {
            throw new IllegalArgumentException(family + ": the text does not start with the prompt");
        }
        if (answer != null && prompt == null) {
            throw new IllegalArgumentException(family + ": an answer needs a prompt");
        }
    }

    /** The text after the prompt (the whole text if there is no prompt). */
    public String completion() {
        return prompt == null ? text : text.substring(prompt.length());
    }

    public Lesson withId(String newId) {
        return new Lesson(newId, family, split, format, keys, topic, audience, style, text, prompt, answer);
    }

    public Lesson withSplit(Split newSplit) {
        return new Lesson(id, family, newSplit, format, keys, topic, audience, style, text, prompt, answer);
    }
}
