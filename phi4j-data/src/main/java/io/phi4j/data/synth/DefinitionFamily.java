package io.phi4j.data.synth;

import io.phi4j.data.Lesson;
import io.phi4j.data.wordnet.WordEntry;

import java.util.ArrayList;
import java.util.List;

/**
 * Word meanings from WordNet: what a word means, a word with a similar meaning, the opposite, what it is a kind of,
 * and a sentence using it. The key is the word itself, so a held-out word is never explained in training.
 */
final class DefinitionFamily implements Family {
    @Override
    public String name() {
        return "definitions";
    }

    @Override
    public Lesson generate(Ctx ctx) {
        Rng rng = ctx.rng;
        WordEntry w = rng.pick(ctx.words);
        List<Problem> options = new ArrayList<>();
        String quoted = "\"" + w.word() + "\"";
        String key = "def:" + w.word();
        options.add(new Problem(key, rng.pick("What does the word " + quoted + " mean?", "What is the meaning of "
                + quoted + "?", "Define the word " + quoted + ".", "Can you explain the word " + quoted + "?"),
                "The word " + quoted + " is " + w.posWithArticle() + ". It means " + w.gloss() + ".", w.gloss()));
        if (!w.synonyms().isEmpty()) {
            String syn = rng.pick(w.synonyms());
            options.add(new Problem(key, "What is another word for " + quoted + "?", "A word with almost the same"
                    + " meaning as " + quoted + " is \"" + syn + "\". Both mean " + w.gloss() + ". The answer is " + syn
                    + ".", syn));
        }
        if (w.antonym() != null) {
            options.add(new Problem(key, "What is the opposite of " + quoted + "?", quoted.substring(0, 1)
                    + Text.capitalize(w.word()) + "\" means " + w.gloss() + ". Its opposite is \"" + w.antonym()
                    + "\". The answer is " + w.antonym() + ".", w.antonym()));
        }
        if (w.hypernym() != null && w.pos().equals("noun")) {
            options.add(new Problem(key, Text.capitalize(Text.a(w.word())) + " is a kind of what?",
                    "The word " + quoted + " means " + w.gloss() + ". So " + Text.a(w.word())
                            + " is a kind of " + w.hypernym() + ". The answer is " + w.hypernym() + ".", w.hypernym()));
        }
        if (!w.examples().isEmpty()) {
            String ex = sentence(rng.pick(w.examples()));
            options.add(new Problem(key, "Use the word " + quoted + " in a sentence.", "The word " + quoted
                    + " means " + w.gloss() + ". Here is a sentence that uses it: " + ex, ex));
        }
        Problem main = rng.pick(options);
        if (ctx.format == Format.TEXTBOOK) {
            return wordOfTheDay(ctx, w, main);
        }
        Section section = new Section("Word Meanings", "word meanings");
        return QaRenderer.render(name(), ctx, section, List.of(), main);
    }

    /** "Some text" → "Some text." */
    private static String sentence(String example) {
        String s = Text.capitalize(example.strip());
        char last = s.charAt(s.length() - 1);
        return last == '.' || last == '!' || last == '?' ? s : s + ".";
    }

    /** A vocabulary card: everything known about the word, then the question. */
    private Lesson wordOfTheDay(Ctx ctx, WordEntry w, Problem main) {
        StringBuilder sb = new StringBuilder();
        sb.append("## Word of the Day: ").append(w.word()).append("\n\n");
        sb.append(ctx.audience.opening(ctx.rng, "a new word")).append("\n\n");
        sb.append("Word: ").append(w.word()).append('\n');
        sb.append("Part of speech: ").append(w.pos()).append('\n');
        sb.append("Meaning: ").append(w.gloss()).append('\n');
        if (!w.examples().isEmpty()) {
            sb.append("Example: ").append(sentence(w.examples().getFirst())).append('\n');
        }
        if (!w.synonyms().isEmpty()) {
            sb.append("Similar words: ").append(String.join(", ", w.synonyms())).append('\n');
        }
        if (w.antonym() != null) {
            sb.append("Opposite: ").append(w.antonym()).append('\n');
        }
        if (w.hypernym() != null && w.pos().equals("noun")) {
            sb.append("It is a kind of: ").append(w.hypernym()).append('\n');
        }
        sb.append("\nQuestion: ").append(main.question()).append("\nAnswer:");
        String prompt = sb.toString();
        return new Lesson(null, name(), null, Format.TEXTBOOK.label, main.allKeys(), ctx.topic.name(),
                ctx.audience.name(), ctx.style.label, prompt + " " + main.solution(), prompt, main.answer());
    }
}
