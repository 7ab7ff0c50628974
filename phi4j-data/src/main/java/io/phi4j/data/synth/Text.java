package io.phi4j.data.synth;

import java.util.List;

/** Small English helpers for templates. */
final class Text {
    private Text() {
    }

    static String capitalize(String s) {
        return s.isEmpty() ? s : Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }

    /** "apple" → "an apple". */
    static String a(String noun) {
        return ("aeiou".indexOf(Character.toLowerCase(noun.charAt(0))) >= 0 ? "an " : "a ") + noun;
    }

    /** "a, b and c". */
    static String joinAnd(List<String> items) {
        if (items.size() == 1) {
            return items.getFirst();
        }
        return String.join(", ", items.subList(0, items.size() - 1)) + " and " + items.getLast();
    }

    /** "5, 2, 9": numbers as the lessons list them. */
    static String commas(List<Integer> xs) {
        return String.join(", ", xs.stream().map(String::valueOf).toList());
    }

    /** Numbers 0..20 as words, for "two apples" in stories; larger numbers as digits. */
    static String numberWord(int n) {
        String[] words = {"zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
                "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen",
                "nineteen", "twenty"};
        return n >= 0 && n < words.length ? words[n] : Integer.toString(n);
    }

    static String ordinal(int n) {
        String[] words = {"zeroth", "first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth",
                "ninth", "tenth"};
        return n >= 0 && n < words.length ? words[n] : n + "th";
    }
}
