package io.phi4j.data.synth;

import java.util.List;

/**
 * The teaching text around a textbook-format problem.
 *
 * @param title heading, e.g. "Adding Two-Digit Numbers"
 * @param subject what the lesson is about, for the audience's opening line ("adding two-digit numbers")
 * @param explanation paragraphs explaining the method
 */
record Section(String title, String subject, List<String> explanation) {
    Section(String title, String subject, String... explanation) {
        this(title, subject, List.of(explanation));
    }
}
