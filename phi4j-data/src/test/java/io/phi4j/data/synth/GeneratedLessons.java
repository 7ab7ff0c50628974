package io.phi4j.data.synth;

import io.phi4j.data.Lesson;
import io.phi4j.data.Split;

import java.util.ArrayList;
import java.util.List;

/** Lessons of one family from both splits, for the tests that check a step's text against its own problem. */
final class GeneratedLessons {
    private GeneratedLessons() {
    }

    static List<Lesson> of(long seed, String family, int perSplit) {
        List<Lesson> lessons = new ArrayList<>();
        for (Split split : Split.values()) {
            SynthGenerator gen = new SynthGenerator(seed, split, List.of(family), null);
            for (long i = 0; i < perSplit; i++) {
                lessons.add(gen.lesson(i));
            }
        }
        return lessons;
    }
}
