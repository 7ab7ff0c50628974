package io.phi4j.data.synth;

import io.phi4j.data.Answers;

import java.util.ArrayList;
import java.util.List;

/**
 * One computed question with its worked solution. The solution is a single paragraph (no blank line, no line
 * starting a new dialogue turn) that ends with the answer, so {@link Answers#isCorrect} accepts it; the constructor
 * enforces this, which catches template mistakes the moment they happen.
 *
 * @param key canonical key of the problem (decides its split), e.g. {@code add:27+38}
 * @param otherKeys keys of other problems the text gives away (e.g. a sum a Python program prints)
 */
record Problem(String key, List<String> otherKeys, String question, String solution, String answer) {
    Problem {
        otherKeys = List.copyOf(otherKeys);
        if (Answers.cut(solution).length() != solution.length()) {
            throw new IllegalStateException(key + ": the solution contains a reply stop: " + solution);
        }
        if (!Answers.isCorrect(solution, answer)) {
            throw new IllegalStateException(key + ": the solution does not end with the answer \"" + answer + "\": "
                    + solution);
        }
    }

    Problem(String key, String question, String solution, String answer) {
        this(key, List.of(), question, solution, answer);
    }

    List<String> allKeys() {
        List<String> keys = new ArrayList<>();
        keys.add(key);
        keys.addAll(otherKeys);
        return keys;
    }
}
