package io.phi4j.data.wordnet;

import java.util.List;

/**
 * One word with the most frequent sense of one part of speech, as the definitions lessons use it.
 *
 * @param word lowercase lemma
 * @param pos {@code noun}, {@code verb}, {@code adjective} or {@code adverb}
 * @param gloss the definition, cleaned for young readers (no parentheticals, no trailing punctuation)
 * @param examples example phrases from WordNet that contain the word (may be empty)
 * @param synonyms other one-word lemmas of the same sense (may be empty)
 * @param hypernym "is a kind of" for nouns and verbs (first hypernym's first lemma), or null
 * @param antonym the direct antonym of the sense, or null
 * @param frequency how often the lemma was tagged in WordNet's semantic concordance (sum over its senses)
 */
public record WordEntry(String word, String pos, String gloss, List<String> examples, List<String> synonyms,
                        String hypernym, String antonym, int frequency) {
    public WordEntry {
        examples = List.copyOf(examples);
        synonyms = List.copyOf(synonyms);
    }

    /** "a" or "an" for this word's part of speech ("an adjective"). */
    public String posWithArticle() {
        return (pos.startsWith("a") ? "an " : "a ") + pos;
    }
}
