package io.phi4j.data.teacher;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.phi4j.data.Lesson;
import io.phi4j.data.synth.Rng;
import io.phi4j.data.synth.SynthGenerator;
import io.phi4j.data.wordnet.WordEntry;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Builds teacher requests in the manner of Phi-1's synthetic textbooks and TinyStories: each request carries
 * random constraints (audience, style, setting, words to use, story features) so thousands of replies stay
 * diverse, while every number and answer comes from the offline generator, never from the teacher. Word problems
 * are reworded (all numbers kept); other questions keep their wording and get the teacher's own explanation; both
 * must end with the computed answer. Stories follow the TinyStories prompt: simple words, three required words, a
 * few narrative features and a stated moral.
 */
final class TeacherPrompts {
    static final Set<String> REWRITE = Set.of("add-sub", "mul-div", "fractions", "units", "time-money", "compare");
    private static final long SALT = 0x7EAC4E2L;
    private static final String SYSTEM = "You write short, clear and correct lessons for a children's textbook."
            + " You follow the requested format exactly and never add anything after the final sentence.";
    private static final String[] FEATURES = {"the story should contain at least one dialogue",
            "the story has a happy ending", "something unexpected happens in the story",
            "the story uses foreshadowing", "the story has a conflict that the characters solve",
            "the story has a bad ending, but the characters learn from it", "the story has a plot twist"};
    private static final ObjectMapper JSON = new ObjectMapper();

    private final SynthGenerator generator;
    private final TeacherOptions options;
    private final List<WordEntry> nouns = new ArrayList<>();
    private final List<WordEntry> verbs = new ArrayList<>();
    private final List<WordEntry> adjectives = new ArrayList<>();

    TeacherPrompts(SynthGenerator generator, TeacherOptions options) {
        this.generator = generator;
        this.options = options;
        for (WordEntry w : generator.words()) {
            if (w.word().length() > 8) {
                continue;
            }
            List<WordEntry> list = switch (w.pos()) {
                case "noun" -> nouns;
                case "verb" -> verbs;
                case "adjective" -> adjectives;
                default -> null;
            };
            if (list != null && list.size() < 600) {
                list.add(w); // the list is most frequent first: keep the simple words
            }
        }
    }

    TeacherTask task(long item) {
        Lesson seed = generator.instructLesson(item);
        Rng rng = new Rng(Rng.lessonSeed(generator.seed() ^ SALT, item));
        if (seed.answer() == null) {
            return story(item, seed, rng);
        }
        String prompt = seed.prompt();
        if (!prompt.startsWith("Instruct: ") || !prompt.endsWith("\nOutput:")) {
            return story(item, seed, rng); // stories keep their own layout even when asked for Instruct
        }
        String question = prompt.substring("Instruct: ".length(), prompt.length() - "\nOutput:".length());
        String solution = seed.completion().strip();
        String answer = seed.answer();
        String ending = finalSentence(solution, answer);
        String audience = seed.audience();
        String style = seed.style();
        boolean rewrite = REWRITE.contains(seed.family());
        StringBuilder u = new StringBuilder();
        if (rewrite) {
            String word = rng.pick(nouns).word();
            u.append("Write a new word problem for ").append(audience).append(", set in ").append(seed.topic())
                    .append(", that uses the word \"").append(word).append("\". It must ask exactly the same")
                    .append(" calculation as the problem below and keep every number exactly as it is. Then solve it")
                    .append(" step by step in a ").append(style).append(" style.\n\n")
                    .append("Problem: ").append(question).append('\n')
                    .append("A correct solution: ").append(solution).append("\n\n")
                    .append("Reply in exactly this form, with nothing before or after:\n")
                    .append("Question: <your word problem>\n")
                    .append("Solution: <your solution, ending with this exact sentence: ").append(ending).append(">");
        } else {
            u.append("Explain the answer to this question for ").append(audience).append(" in a ").append(style)
                    .append(" style, in at most five sentences.\n\n")
                    .append("Question: ").append(question).append('\n')
                    .append("A correct solution: ").append(solution).append("\n\n")
                    .append("Reply in exactly this form, with nothing before or after:\n")
                    .append("Solution: <your explanation, ending with this exact sentence: ").append(ending).append(">");
        }
        return new TeacherTask(item, seed, rewrite ? "rewrite" : "explain", question, answer, ending, List.of(),
                body(u.toString(), item), null);
    }

    private TeacherTask story(long item, Lesson seed, Rng rng) {
        String verb = rng.pick(verbs).word();
        String noun = rng.pick(nouns).word();
        String adjective = rng.pick(adjectives).word();
        List<String> features = rng.sample(List.of(FEATURES), rng.between(1, 2));
        String moral = moralOf(seed.text());
        String u = "Write a short story (3-5 paragraphs) which only uses very simple words that a 3 year old child"
                + " would likely understand. The story should use the verb \"" + verb + "\", the noun \"" + noun
                + "\" and the adjective \"" + adjective + "\". The story should have the following features: "
                + String.join(", ", features) + ". The story should teach this moral: " + moral
                + " End the story with a line that starts with \"The moral of the story is:\". Remember to only use"
                + " simple words! Reply with the story only.";
        String instruction = "Write a short story for " + seed.audience() + " that uses the words \"" + verb + "\", \""
                + noun + "\" and \"" + adjective + "\" and teaches that " + lowerFirst(moral);
        return new TeacherTask(item, seed, "story", null, null, null, List.of(verb, noun, adjective),
                body(u, item), instruction);
    }

    /** The sentence of {@code solution} that contains the answer at its end, e.g. "The answer is 65." */
    static String finalSentence(String solution, String answer) {
        int at = solution.lastIndexOf(answer);
        if (at < 0) {
            return solution;
        }
        int start = 0;
        for (int i = at - 1; i > 0; i--) {
            char c = solution.charAt(i);
            char prev = solution.charAt(i - 1);
            if ((c == ' ' || c == '\n') && (prev == '.' || prev == '?' || prev == '!')) {
                start = i + 1;
                break;
            }
        }
        return solution.substring(start);
    }

    /** The moral stated at the end of a generated story. */
    static String moralOf(String story) {
        for (String marker : new String[] {"The moral of the story is: ", "Moral: "}) {
            int i = story.lastIndexOf(marker);
            if (i >= 0) {
                int end = story.indexOf('\n', i);
                return story.substring(i + marker.length(), end < 0 ? story.length() : end).strip();
            }
        }
        return "Be kind to others.";
    }

    private static String lowerFirst(String s) {
        return s.isEmpty() ? s : Character.toLowerCase(s.charAt(0)) + s.substring(1);
    }

    /** A chat message; a LinkedHashMap so the JSON (and so the cache key) is the same in every run. */
    private static Map<String, String> message(String role, String content) {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("role", role);
        m.put("content", content);
        return m;
    }

    /** The request body; the seed makes each item's request distinct (and its cache entry its own). */
    private String body(String user, long item) {
        Map<String, Object> b = new LinkedHashMap<>();
        b.put("model", options.model());
        b.put("messages", List.of(message("system", SYSTEM), message("user", user)));
        b.put("temperature", options.temperature());
        b.put("max_tokens", options.maxTokens());
        b.put("seed", Rng.lessonSeed(generator.seed(), item) & 0x7FFFFFFFL);
        try {
            return JSON.writeValueAsString(b);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a map of strings always serializes", e);
        }
    }
}
