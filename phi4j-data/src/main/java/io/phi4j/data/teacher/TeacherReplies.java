package io.phi4j.data.teacher;

import io.phi4j.data.Answers;
import io.phi4j.data.Lesson;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns a teacher reply into a lesson, or rejects it. A worked solution must end with the computed answer (as
 * {@link Answers#isCorrect} scores it) and must be one reply (no blank line, no new dialogue turn); a reworded
 * problem must keep every number of the original; a story must be of some length and state its moral.
 */
final class TeacherReplies {
    /** Why a reply was not used. */
    static final class Rejected extends Exception {
        Rejected(String reason) {
            super(reason);
        }
    }

    private static final Pattern NUMBER = Pattern.compile("\\d+(?:[./]\\d+)?");

    private TeacherReplies() {
    }

    static Lesson lesson(TeacherTask task, String reply, String id, boolean chat) throws Rejected {
        Lesson seed = task.seed();
        String r = reply.replace("\r\n", "\n").strip();
        if (r.contains("<|endoftext|>")) {
            throw new Rejected("reply contains <|endoftext|>");
        }
        if (task.mode().equals("story")) {
            if (r.length() < 300) {
                throw new Rejected("story is too short (" + r.length() + " characters)");
            }
            if (!r.toLowerCase(Locale.ROOT).contains("moral of the story")) {
                throw new Rejected("story does not state its moral");
            }
            String text = r.replaceAll("\n{3,}", "\n\n");
            if (chat) {
                String prompt = "Instruct: " + task.instruction() + "\nOutput:";
                return new Lesson(id, seed.family(), seed.split(), "instruct", seed.keys(), seed.topic(),
                        seed.audience(), seed.style(), prompt + " " + text, prompt, null);
            }
            return new Lesson(id, seed.family(), seed.split(), "story", seed.keys(), seed.topic(), seed.audience(),
                    seed.style(), text, null, null);
        }
        String question = task.question();
        String solution;
        if (task.mode().equals("rewrite")) {
            int q = r.indexOf("Question:");
            int s = r.indexOf("Solution:");
            if (q < 0 || s < q) {
                throw new Rejected("reply is not \"Question: …\\nSolution: …\"");
            }
            question = oneLine(r.substring(q + "Question:".length(), s));
            solution = oneLine(r.substring(s + "Solution:".length()));
            Matcher m = NUMBER.matcher(task.question());
            while (m.find()) {
                if (!containsNumber(question, m.group())) {
                    throw new Rejected("reworded problem lost the number " + m.group());
                }
            }
            if (question.isEmpty()) {
                throw new Rejected("empty question");
            }
        } else {
            int s = r.indexOf("Solution:");
            String body = s >= 0 ? r.substring(s + "Solution:".length()) : r;
            // Multi-line program output must keep its lines; blank lines would end the reply early.
            solution = task.answer().contains("\n") ? body.strip().replaceAll("\n\\s*\n", "\n") : oneLine(body);
        }
        if (solution.isEmpty()) {
            throw new Rejected("empty solution");
        }
        if (!Answers.cut(solution).equals(solution)) {
            throw new Rejected("solution contains a new turn or a blank line");
        }
        if (!Answers.isCorrect(solution, task.answer())) {
            throw new Rejected("solution does not end with the answer \"" + task.answer() + "\"");
        }
        String prompt = chat ? "Alice: " + question + "\nBob:" : "Instruct: " + question + "\nOutput:";
        return new Lesson(id, seed.family(), seed.split(), chat ? "chat" : "instruct", seed.keys(), seed.topic(),
                seed.audience(), seed.style(), prompt + " " + solution, prompt, task.answer());
    }

    private static String oneLine(String s) {
        return s.replaceAll("\\s*\n\\s*", " ").strip();
    }

    private static boolean containsNumber(String text, String number) {
        Matcher m = NUMBER.matcher(text.replace(",", ""));
        while (m.find()) {
            if (m.group().equals(number)) {
                return true;
            }
        }
        return false;
    }
}
