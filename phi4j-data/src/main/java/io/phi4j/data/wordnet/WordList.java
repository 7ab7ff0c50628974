package io.phi4j.data.wordnet;

import io.phi4j.PhiException;
import io.phi4j.format.safetensors.AtomicFile;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The word list the definitions lessons draw from, as a tab-separated file: {@code word pos gloss examples
 * synonyms hypernym antonym frequency}, lists joined by {@code |}, empty fields for none. A subset extracted from
 * WordNet 3.0 ships as a resource ({@code wordnet-subset.tsv}, made by {@code phi data wordnet-subset}) so the
 * generator needs no WordNet installation; the license that must accompany it is beside it.
 */
public final class WordList {
    public static final String RESOURCE = "/io/phi4j/data/wordnet-subset.tsv";
    private static volatile List<WordEntry> embedded;

    private WordList() {
    }

    /** The shipped subset (read once). */
    public static List<WordEntry> embedded() {
        List<WordEntry> e = embedded;
        if (e == null) {
            try (InputStream in = WordList.class.getResourceAsStream(RESOURCE)) {
                if (in == null) {
                    throw new PhiException("resource " + RESOURCE + " is missing from the phi4j-data jar");
                }
                e = parse(new InputStreamReader(in, StandardCharsets.UTF_8), RESOURCE);
            } catch (IOException ex) {
                throw new PhiException(RESOURCE + ": cannot read: " + ex.getMessage(), ex);
            }
            embedded = e;
        }
        return e;
    }

    public static List<WordEntry> read(Path file) {
        try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            return parse(r, file.toString());
        } catch (IOException ex) {
            throw new PhiException(file + ": cannot read: " + ex.getMessage(), ex);
        }
    }

    static List<WordEntry> parse(Reader reader, String source) throws IOException {
        List<WordEntry> out = new ArrayList<>();
        BufferedReader br = new BufferedReader(reader);
        int lineNo = 0;
        for (String line; (line = br.readLine()) != null; ) {
            lineNo++;
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            String[] f = line.split("\t", -1);
            if (f.length != 8) {
                throw new PhiException(source + ": line " + lineNo + ": expected 8 tab-separated fields, found "
                        + f.length);
            }
            try {
                out.add(new WordEntry(f[0], f[1], f[2], list(f[3]), list(f[4]), f[5].isEmpty() ? null : f[5],
                        f[6].isEmpty() ? null : f[6], Integer.parseInt(f[7])));
            } catch (NumberFormatException e) {
                throw new PhiException(source + ": line " + lineNo + ": frequency \"" + f[7] + "\" is not a number");
            }
        }
        if (out.isEmpty()) {
            throw new PhiException(source + ": no words");
        }
        return List.copyOf(out);
    }

    private static List<String> list(String field) {
        return field.isEmpty() ? List.of() : Arrays.asList(field.split("\\|"));
    }

    /** Writes a word list (atomically) in the format {@link #read} reads. */
    public static void write(List<WordEntry> words, Path file) {
        StringBuilder sb = new StringBuilder();
        sb.append("# Extracted from WordNet 3.0 (c) 2006 Princeton University; see wordnet-LICENSE.txt.\n");
        sb.append("# word\tpos\tgloss\texamples\tsynonyms\thypernym\tantonym\tfrequency\n");
        for (WordEntry w : words) {
            sb.append(w.word()).append('\t').append(w.pos()).append('\t').append(w.gloss()).append('\t')
                    .append(String.join("|", w.examples())).append('\t').append(String.join("|", w.synonyms()))
                    .append('\t').append(w.hypernym() == null ? "" : w.hypernym()).append('\t')
                    .append(w.antonym() == null ? "" : w.antonym()).append('\t').append(w.frequency()).append('\n');
        }
        AtomicFile.writeString(file, sb.toString());
    }
}
