package io.phi4j.data.synth;

import java.util.List;

/**
 * Who a lesson is written for. {@code level} 0 is small children (short sentences, warm tone), 1 is school
 * children, 2 is teenagers and adults.
 */
record Audience(String name, int level) {
    static final List<Audience> ALL = List.of(
            new Audience("young children", 0), new Audience("first graders", 0), new Audience("second graders", 1),
            new Audience("third graders", 1), new Audience("fourth graders", 1), new Audience("homeschool learners", 1),
            new Audience("middle school students", 2), new Audience("adult beginners", 2),
            new Audience("people learning English", 2), new Audience("curious teenagers", 2));

    /** An opening line for a textbook section. */
    String opening(Rng rng, String subject) {
        return switch (level) {
            case 0 -> rng.pick("Hello, little learners! Today we will learn about " + subject + ".",
                    "Let's have fun with " + subject + "!",
                    "Are you ready? Today's lesson is about " + subject + ".",
                    "Hi friends! Let's learn about " + subject + " together.");
            case 1 -> rng.pick("In this lesson we will practice " + subject + ".",
                    "This lesson is about " + subject + ".",
                    "Let's learn about " + subject + " step by step.",
                    "Today we are going to work on " + subject + ".");
            default -> rng.pick("This section explains " + subject + ".",
                    "In this section we look at " + subject + ".",
                    "This section covers " + subject + ", with worked examples.",
                    "Here is a short review of " + subject + ".");
        };
    }
}
