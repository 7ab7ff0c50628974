package io.phi4j.data.synth;

import io.phi4j.PhiException;
import io.phi4j.data.Lesson;
import io.phi4j.data.Split;
import io.phi4j.data.wordnet.WordEntry;
import io.phi4j.data.wordnet.WordList;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The offline textbook generator. Lesson {@code i} of a corpus is a pure function of (seed, i, split): its
 * family is drawn by weight, then lessons of that family are drawn until one belongs to the requested split
 * (see {@link Split}). Safe to call from several threads.
 */
public final class SynthGenerator {
    /** Every family with its share of lessons. */
    static Map<Family, Double> allFamilies() {
        Map<Family, Double> m = new LinkedHashMap<>();
        // Shares sum to 1. The families whose worked steps the first tiny model got wrong most often are drawn
        // ×1.3–1.6 more than for it (mul-div, units, compare, logic, sequences, python); stories, definitions and
        // the easy add-sub, place-value and time-money less.
        m.put(new AddSubFamily(), 0.17);
        m.put(new MulDivFamily(), 0.12);
        m.put(new PlaceValueFamily(), 0.05);
        m.put(new FractionFamily(), 0.07);
        m.put(new UnitFamily(), 0.08);
        m.put(new CompareFamily(), 0.08);
        m.put(new LogicFamily(), 0.09);
        m.put(new SequenceFamily(), 0.07);
        m.put(new TimeMoneyFamily(), 0.05);
        m.put(new DefinitionFamily(), 0.04);
        m.put(new PythonFamily(), 0.11);
        m.put(new StoryFamily(), 0.07);
        return m;
    }

    private static final int MAX_ATTEMPTS = 10_000;

    private final long seed;
    private final Split split;
    private final List<WordEntry> words;
    private final List<Family> families = new ArrayList<>();
    private final double[] weights;

    /**
     * @param families names of the families to draw from, or null/empty for all
     * @param words word list for the definitions family (null: the embedded WordNet subset)
     */
    public SynthGenerator(long seed, Split split, List<String> families, List<WordEntry> words) {
        this.seed = seed;
        this.split = split;
        this.words = words == null ? WordList.embedded() : words;
        List<Double> w = new ArrayList<>();
        for (Map.Entry<Family, Double> e : allFamilies().entrySet()) {
            if (families == null || families.isEmpty() || families.contains(e.getKey().name())) {
                this.families.add(e.getKey());
                w.add(e.getValue());
            }
        }
        if (families != null) {
            for (String name : families) {
                if (familyNames().stream().noneMatch(name::equals)) {
                    throw new PhiException("unknown lesson family \"" + name + "\" (known: "
                            + String.join(", ", familyNames()) + ")");
                }
            }
        }
        this.weights = w.stream().mapToDouble(Double::doubleValue).toArray();
    }

    public static List<String> familyNames() {
        return allFamilies().keySet().stream().map(Family::name).toList();
    }

    public long seed() {
        return seed;
    }

    public Split split() {
        return split;
    }

    /** Lesson number {@code index} of this corpus. */
    public Lesson lesson(long index) {
        return lesson(index, null);
    }

    /**
     * Lesson number {@code index} laid out as {@code Instruct: <question>\nOutput: <solution>} (stories and other
     * free text keep their own layout): the seed a teacher model rewrites.
     */
    public Lesson instructLesson(long index) {
        return lesson(index, Format.INSTRUCT);
    }

    /** The words the definitions family draws from (the teacher's stories draw their word constraints from it). */
    public List<WordEntry> words() {
        return words;
    }

    private Lesson lesson(long index, Format forced) {
        Rng rng = new Rng(Rng.lessonSeed(seed, index));
        Family family = families.get(rng.weighted(weights));
        for (int attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
            Lesson l = family.generate(new Ctx(rng, words, forced));
            if (Split.ofKeys(l.keys()) == split) {
                return l.withSplit(split).withId(family.name() + "-" + seed + "-" + index);
            }
        }
        throw new IllegalStateException(family.name() + ": no " + split.label() + " lesson in " + MAX_ATTEMPTS
                + " attempts");
    }
}
