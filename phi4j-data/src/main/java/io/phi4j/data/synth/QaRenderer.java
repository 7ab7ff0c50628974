package io.phi4j.data.synth;

import io.phi4j.data.Lesson;

import java.util.ArrayList;
import java.util.List;

/**
 * Lays a computed problem out in the lesson's format. The scored problem always comes last, so the prompt is a
 * prefix of the text and the reference completion ends with the answer; a chat may carry a closing exchange
 * after it (not scored, and cut by {@link io.phi4j.data.Answers#cut}).
 */
final class QaRenderer {
    private QaRenderer() {
    }

    static Lesson render(String family, Ctx ctx, Section section, List<Problem> examples, Problem main) {
        Rng rng = ctx.rng;
        String prompt;
        String completion;
        String trailer = "";
        switch (ctx.format) {
            case INSTRUCT -> {
                prompt = "Instruct: " + main.question() + "\nOutput:";
                completion = " " + main.solution();
            }
            case CHAT -> {
                String opener = rng.chance(0.3) ? rng.pick("Hi Bob! ", "Bob, can you help me? ", "I have a question. ",
                        "Hello Bob. ") : "";
                String reply = rng.chance(0.3) ? rng.pick("Sure! ", "Of course. ", "Good question! ", "Let's see. ",
                        "Happy to help. ") : "";
                prompt = "Alice: " + opener + main.question() + "\nBob:";
                completion = " " + reply + main.solution();
                if (rng.chance(0.4)) {
                    trailer = rng.pick("\nAlice: Thank you, Bob!\nBob: You're welcome!",
                            "\nAlice: That makes sense. Thanks!\nBob: Any time.",
                            "\nAlice: Now I understand.\nBob: Great job!",
                            "\nAlice: Thanks for explaining.\nBob: You're welcome. Keep practicing!");
                }
            }
            case TEXTBOOK -> {
                StringBuilder sb = new StringBuilder();
                sb.append("## ").append(section.title()).append("\n\n");
                sb.append(ctx.audience.opening(rng, section.subject()));
                for (String p : section.explanation()) {
                    sb.append(sb.charAt(sb.length() - 1) == '\n' ? "" : " ").append(p);
                }
                sb.append("\n\n");
                int n = 1;
                for (Problem ex : examples) {
                    sb.append(examples.size() > 1 ? "Example " + n++ + ": " : "Example: ").append(ex.question())
                            .append("\nSolution: ").append(ex.solution()).append("\n\n");
                }
                sb.append(ctx.style.practiceLead(rng)).append("\nQuestion: ").append(main.question())
                        .append("\nAnswer:");
                prompt = sb.toString();
                completion = " " + main.solution();
            }
            case EXERCISE -> {
                String head = rng.chance(0.5) ? "### " + section.title() + "\n\n" : "";
                prompt = head + "Exercise: " + main.question() + "\nSolution:";
                completion = " " + main.solution();
            }
            default -> throw new IllegalStateException("not a question-answer format: " + ctx.format);
        }
        List<String> keys = new ArrayList<>(main.allKeys());
        for (Problem ex : examples) {
            keys.addAll(ex.allKeys());
        }
        return new Lesson(null, family, null, ctx.format.label, keys, ctx.topic.name(), ctx.audience.name(),
                ctx.style.label, prompt + completion + trailer, prompt, main.answer());
    }
}
