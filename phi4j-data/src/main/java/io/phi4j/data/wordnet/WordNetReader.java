package io.phi4j.data.wordnet;

import io.phi4j.PhiException;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Reads the WordNet 3.0 database files (Debian's {@code wordnet-base}: /usr/share/wordnet) and picks the common,
 * simple words a definitions lesson can use. File formats are WordNet's wndb(5WN): {@code index.POS} lines are
 * {@code lemma pos synset_cnt p_cnt [ptr…] sense_cnt tagsense_cnt offset…} with offsets ordered by sense
 * frequency; {@code data.POS} lines start with their own byte offset; {@code cntlist.rev} lines are
 * {@code sense_key sense_number tag_count}.
 */
public final class WordNetReader {
    private static final String[][] POS_FILES = {{"noun", "noun"}, {"verb", "verb"}, {"adj", "adjective"},
            {"adv", "adverb"}};
    private static final int MAX_LIST = 3;
    private static final Pattern SIMPLE_WORD = Pattern.compile("[a-z]{3,14}");
    /** Senses whose gloss says the word is an insult or taboo are left out of a children's corpus. */
    private static final Pattern UNSUITABLE = Pattern.compile(
            "slur|offensive|vulgar|obscen|derogator|disparag|contempt|insult|sexual|genital|penis|vagina|breast"
                    + "|kill|murder|drug|alcohol|drunk|whore|prostitut|racis|slang|informal|archaic|obsolete"
                    + "|liquor|beer|wine|tobacco|ammunition|explosive|weapon|slave|gun|bomb|execut|torture|sex");

    private WordNetReader() {
    }

    /**
     * The {@code limit} most frequent (lemma, part of speech) pairs that are plain lowercase words with a short,
     * suitable first-sense gloss, most frequent first (ties by word, then part of speech).
     */
    public static List<WordEntry> read(Path dir, int limit) {
        Map<String, Integer> frequency = readCounts(dir.resolve("cntlist.rev"));
        List<WordEntry> all = new ArrayList<>();
        for (String[] pf : POS_FILES) {
            Map<Long, Synset> synsets = readData(dir.resolve("data." + pf[0]));
            readIndex(dir.resolve("index." + pf[0]), pf[1], synsets, frequency, all);
        }
        all.sort(Comparator.comparingInt(WordEntry::frequency).reversed()
                .thenComparing(WordEntry::word).thenComparing(WordEntry::pos));
        return List.copyOf(all.subList(0, Math.min(limit, all.size())));
    }

    /** One synset line: its lemmas, pointers and gloss. */
    record Synset(List<String> words, List<Pointer> pointers, String gloss) {
    }

    /** A pointer; {@code source} is the 1-based word number in this synset (0 = the whole synset). */
    record Pointer(String symbol, long offset, char pos, int source, int target) {
    }

    private static Map<String, Integer> readCounts(Path file) {
        Map<String, Integer> counts = new HashMap<>();
        for (String line : lines(file)) {
            String[] f = line.split(" ");
            int pct = f[0].indexOf('%');
            if (f.length < 3 || pct < 0 || f[0].length() < pct + 2) {
                continue;
            }
            String lemma = f[0].substring(0, pct);
            char ssType = f[0].charAt(pct + 1);
            String pos = switch (ssType) {
                case '1' -> "noun";
                case '2' -> "verb";
                case '3', '5' -> "adjective";
                case '4' -> "adverb";
                default -> null;
            };
            if (pos != null) {
                counts.merge(lemma + "/" + pos, Integer.parseInt(f[2]), Integer::sum);
            }
        }
        return counts;
    }

    static Map<Long, Synset> readData(Path file) {
        Map<Long, Synset> out = new HashMap<>();
        for (String line : lines(file)) {
            if (line.startsWith("  ")) {
                continue; // license header
            }
            Synset s = parseDataLine(line, file);
            out.put(Long.parseLong(line.substring(0, 8)), s);
        }
        return out;
    }

    static Synset parseDataLine(String line, Path file) {
        int bar = line.indexOf(" | ");
        String[] f = (bar < 0 ? line : line.substring(0, bar)).trim().split(" ");
        try {
            int wordCount = Integer.parseInt(f[3], 16);
            List<String> words = new ArrayList<>(wordCount);
            int i = 4;
            for (int w = 0; w < wordCount; w++, i += 2) {
                words.add(stripMarker(f[i]));
            }
            int pointerCount = Integer.parseInt(f[i++]);
            List<Pointer> pointers = new ArrayList<>(pointerCount);
            for (int p = 0; p < pointerCount; p++, i += 4) {
                String st = f[i + 3];
                pointers.add(new Pointer(f[i], Long.parseLong(f[i + 1]), f[i + 2].charAt(0),
                        Integer.parseInt(st.substring(0, 2), 16), Integer.parseInt(st.substring(2, 4), 16)));
            }
            return new Synset(words, pointers, bar < 0 ? "" : line.substring(bar + 3).trim());
        } catch (RuntimeException e) {
            throw new PhiException(file + ": malformed WordNet data line \"" + line.substring(0, Math.min(40,
                    line.length())) + "…\"");
        }
    }

    /** Adjective lemmas may carry a syntactic marker such as {@code (a)} or {@code (p)}. */
    private static String stripMarker(String lemma) {
        int paren = lemma.indexOf('(');
        return paren < 0 ? lemma : lemma.substring(0, paren);
    }

    private static void readIndex(Path file, String pos, Map<Long, Synset> synsets, Map<String, Integer> frequency,
                                  List<WordEntry> out) {
        for (String line : lines(file)) {
            if (line.startsWith("  ")) {
                continue;
            }
            String[] f = line.split(" ");
            String lemma = f[0];
            if (!SIMPLE_WORD.matcher(lemma).matches()) {
                continue;
            }
            int freq = frequency.getOrDefault(lemma + "/" + pos, 0);
            if (freq == 0) {
                continue;
            }
            int synsetCount = Integer.parseInt(f[2]);
            long first = Long.parseLong(f[f.length - synsetCount]);
            Synset s = synsets.get(first);
            if (s == null) {
                throw new PhiException(file + ": " + lemma + " points to synset " + first + ", which is not in data");
            }
            WordEntry e = entry(lemma, pos, s, synsets, freq);
            if (e != null) {
                out.add(e);
            }
        }
    }

    private static WordEntry entry(String lemma, String pos, Synset s, Map<Long, Synset> synsets, int freq) {
        int wordIndex = -1;
        for (int i = 0; i < s.words().size(); i++) {
            if (s.words().get(i).equalsIgnoreCase(lemma)) {
                wordIndex = i + 1;
                if (!s.words().get(i).equals(lemma)) {
                    return null; // only capitalized in this sense: a proper noun
                }
            }
        }
        Gloss g = Gloss.parse(s.gloss(), lemma);
        if (g == null || UNSUITABLE.matcher(s.gloss().toLowerCase(Locale.ROOT)).find()) {
            return null;
        }
        List<String> synonyms = new ArrayList<>();
        for (String w : s.words()) {
            if (!w.equals(lemma) && SIMPLE_WORD.matcher(w).matches() && synonyms.size() < MAX_LIST) {
                synonyms.add(w);
            }
        }
        String hypernym = null;
        String antonym = null;
        for (Pointer p : s.pointers()) {
            Synset target = synsets.get(p.offset());
            if (p.symbol().equals("@") && hypernym == null) {
                String h = target == null ? null : target.words().getFirst().replace('_', ' ');
                if (h != null && h.matches("[a-z ]{3,30}")) {
                    hypernym = h;
                }
            } else if (p.symbol().equals("!") && antonym == null && p.source() == wordIndex && target != null
                    && p.target() >= 1 && p.target() <= target.words().size()) {
                String a = target.words().get(p.target() - 1);
                if (SIMPLE_WORD.matcher(a).matches()) {
                    antonym = a;
                }
            }
        }
        List<String> examples = g.examples().subList(0, Math.min(MAX_LIST, g.examples().size()));
        return new WordEntry(lemma, pos, g.definition(), examples, synonyms, hypernym, antonym, freq);
    }

    private static List<String> lines(Path file) {
        try {
            return Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new PhiException(file + ": cannot read WordNet file: " + e.getMessage(), e);
        }
    }
}
