package io.phi4j.data.synth;

import io.phi4j.data.Lesson;

import java.util.ArrayList;
import java.util.List;

/**
 * A family of computed questions of several kinds. A textbook-format lesson explains the kind, works one or two
 * examples of the same kind, then asks a practice question; the other formats ask the question alone.
 */
abstract class QaFamily implements Family {
    /** Relative frequency of each kind; {@code kinds().length} kinds numbered from 0. */
    abstract double[] kinds();

    abstract Problem problem(Ctx ctx, int kind);

    abstract Section section(Ctx ctx, int kind);

    @Override
    public Lesson generate(Ctx ctx) {
        int kind = ctx.rng.weighted(kinds());
        Problem main = problem(ctx, kind);
        List<Problem> examples = new ArrayList<>();
        if (ctx.format == Format.TEXTBOOK) {
            int n = ctx.rng.chance(0.3) ? 2 : 1;
            for (int i = 0; i < n; i++) {
                Problem ex = problem(ctx, kind);
                if (!ex.key().equals(main.key())) {
                    examples.add(ex);
                }
            }
        }
        Section section = section(ctx, kind);
        Lesson lesson = QaRenderer.render(name(), ctx, section, examples, main);
        // Worked solutions spell out every step, so two examples can push a lesson past the 256-token training
        // window of a tiny model: drop examples until it fits.
        while (estimatedTokens(lesson.text()) > MAX_TOKENS && !examples.isEmpty()) {
            examples.removeLast();
            lesson = QaRenderer.render(name(), ctx, section, examples, main);
        }
        return lesson;
    }

    /** Leaves room for the estimate's error (at most ~30 tokens over 5000 lessons) below 256. */
    static final int MAX_TOKENS = 225;

    /**
     * Tokens of a 4096-token split-digit BPE vocabulary trained on this corpus, estimated: a digit costs about 1.6
     * tokens (with the spaces and signs around it), other text about 4 characters per token (fitted on a corpus).
     */
    static int estimatedTokens(String text) {
        int digits = 0;
        for (int i = 0; i < text.length(); i++) {
            if (Character.isDigit(text.charAt(i))) {
                digits++;
            }
        }
        return (digits * 8) / 5 + (text.length() - digits) / 4;
    }
}
