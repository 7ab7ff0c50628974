package io.phi4j.data;

import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Running statistics of a corpus as it is written: per-family counts and sizes, formats, duplicates removed,
 * vocabulary (distinct lowercase words) and the distribution of lesson lengths in tokens.
 */
public final class CorpusStats {
    /** Per-family totals. */
    public static final class FamilyStats {
        public long lessons;
        public long tokens;
        public long chars;
        public long withAnswer;
    }

    private final Map<String, FamilyStats> families = new TreeMap<>();
    private final Map<String, Long> formats = new TreeMap<>();
    private final Set<String> vocabulary = new HashSet<>();
    private int[] lengths = new int[1024];
    private int count;
    private long tokens;
    private long chars;
    private long duplicates;
    private long rejected;

    public void add(Lesson l, int lessonTokens) {
        FamilyStats f = families.computeIfAbsent(l.family(), k -> new FamilyStats());
        f.lessons++;
        f.tokens += lessonTokens;
        f.chars += l.text().length();
        if (l.answer() != null) {
            f.withAnswer++;
        }
        formats.merge(l.format() == null ? "?" : l.format(), 1L, Long::sum);
        if (count == lengths.length) {
            lengths = Arrays.copyOf(lengths, count * 2);
        }
        lengths[count++] = lessonTokens;
        tokens += lessonTokens;
        chars += l.text().length();
        addWords(l.text());
    }

    private void addWords(String text) {
        int start = -1;
        for (int i = 0; i <= text.length(); i++) {
            boolean letter = i < text.length() && Character.isLetter(text.charAt(i));
            if (letter && start < 0) {
                start = i;
            } else if (!letter && start >= 0) {
                String w = text.substring(start, i).toLowerCase(java.util.Locale.ROOT);
                vocabulary.add(w);
                start = -1;
            }
        }
    }

    public void duplicate() {
        duplicates++;
    }

    public void rejected() {
        rejected++;
    }

    public long lessons() {
        return count;
    }

    public long tokens() {
        return tokens;
    }

    public long duplicates() {
        return duplicates;
    }

    public Map<String, FamilyStats> families() {
        return families;
    }

    public int vocabularySize() {
        return vocabulary.size();
    }

    /** The report as a JSON-ready map. */
    public Map<String, Object> toMap(Map<String, Object> header) {
        Map<String, Object> m = new LinkedHashMap<>(header);
        m.put("lessons", (long) count);
        m.put("tokens", tokens);
        m.put("chars", chars);
        m.put("duplicates_removed", duplicates);
        if (rejected > 0) {
            m.put("rejected", rejected);
        }
        m.put("vocabulary_words", vocabulary.size());
        Map<String, Object> fam = new LinkedHashMap<>();
        for (Map.Entry<String, FamilyStats> e : families.entrySet()) {
            FamilyStats f = e.getValue();
            Map<String, Object> fm = new LinkedHashMap<>();
            fm.put("lessons", f.lessons);
            fm.put("tokens", f.tokens);
            fm.put("chars", f.chars);
            fm.put("with_answer", f.withAnswer);
            fm.put("mean_tokens", f.lessons == 0 ? 0 : Math.round(10.0 * f.tokens / f.lessons) / 10.0);
            fam.put(e.getKey(), fm);
        }
        m.put("families", fam);
        m.put("formats", new LinkedHashMap<>(formats));
        m.put("length_tokens", lengthDistribution());
        return m;
    }

    private Map<String, Object> lengthDistribution() {
        int[] sorted = Arrays.copyOf(lengths, count);
        Arrays.sort(sorted);
        Map<String, Object> d = new LinkedHashMap<>();
        if (count == 0) {
            return d;
        }
        d.put("min", sorted[0]);
        d.put("p10", sorted[(int) (0.10 * (count - 1))]);
        d.put("p50", sorted[(int) (0.50 * (count - 1))]);
        d.put("p90", sorted[(int) (0.90 * (count - 1))]);
        d.put("p99", sorted[(int) (0.99 * (count - 1))]);
        d.put("max", sorted[count - 1]);
        d.put("mean", Math.round(10.0 * tokens / count) / 10.0);
        Map<String, Long> hist = new LinkedHashMap<>();
        int[] edges = {32, 64, 128, 256, 512, 1024};
        long[] counts = new long[edges.length + 1];
        for (int v : sorted) {
            int b = 0;
            while (b < edges.length && v >= edges[b]) {
                b++;
            }
            counts[b]++;
        }
        for (int b = 0; b <= edges.length; b++) {
            String label = b == 0 ? "<" + edges[0] : b == edges.length ? ">=" + edges[b - 1]
                    : edges[b - 1] + "-" + (edges[b] - 1);
            hist.put(label, counts[b]);
        }
        d.put("histogram", hist);
        return d;
    }
}
