package io.phi4j.data.synth;

/** How a lesson is laid out. */
enum Format {
    /** Phi-2's QA format: {@code Instruct: <question>\nOutput: <answer>}. */
    INSTRUCT("instruct", 0.40),
    /** Phi-2's chat format: {@code Alice: …\nBob: …}. */
    CHAT("chat", 0.20),
    /** A textbook section: title, explanation, a worked example, then a practice question. */
    TEXTBOOK("textbook", 0.25),
    /** {@code Exercise: …\nSolution: …}. */
    EXERCISE("exercise", 0.15),
    /** Free text with no scored answer (stories). */
    STORY("story", 0);

    final String label;
    final double weight;

    Format(String label, double weight) {
        this.label = label;
        this.weight = weight;
    }

    static final Format[] QA = {INSTRUCT, CHAT, TEXTBOOK, EXERCISE};

    static Format pickQa(Rng rng) {
        double[] w = new double[QA.length];
        for (int i = 0; i < QA.length; i++) {
            w[i] = QA[i].weight;
        }
        return QA[rng.weighted(w)];
    }
}
