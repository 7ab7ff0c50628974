package io.phi4j.data.synth;

import java.util.List;

/** The tone of a lesson's framing text; the worked solutions themselves keep one fixed shape per problem type. */
enum Style {
    STEP_BY_STEP("step by step"), FRIENDLY("friendly"), CONCISE("concise"), PLAYFUL("playful"), FORMAL("formal");

    final String label;

    Style(String label) {
        this.label = label;
    }

    static final List<Style> ALL = List.of(values());

    /** A line that introduces the practice question in a textbook section. */
    String practiceLead(Rng rng) {
        return switch (this) {
            case STEP_BY_STEP -> rng.pick("Now let's solve one together, step by step.", "Follow the same steps.");
            case FRIENDLY -> rng.pick("Now it is your turn!", "Try this one. You can do it!");
            case CONCISE -> rng.pick("Practice:", "Try this:");
            case PLAYFUL -> rng.pick("Here comes a challenge!", "Ready for a puzzle?");
            case FORMAL -> rng.pick("Exercise for practice:", "Consider the following problem.");
        };
    }
}
