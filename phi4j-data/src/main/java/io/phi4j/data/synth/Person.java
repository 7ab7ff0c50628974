package io.phi4j.data.synth;

import java.util.List;

/** A character of a word problem or story, with the pronouns the templates need. */
record Person(String name, String he, String him, String his) {
    static Person girl(String name) {
        return new Person(name, "she", "her", "her");
    }

    static Person boy(String name) {
        return new Person(name, "he", "him", "his");
    }

    /** "She" for the start of a sentence. */
    String He() {
        return Text.capitalize(he);
    }

    String His() {
        return Text.capitalize(his);
    }

    static final List<Person> ALL = List.of(
            boy("Tom"), girl("Lily"), boy("Ben"), girl("Mia"), boy("Sam"), girl("Anna"), boy("Max"), girl("Zoe"),
            boy("Leo"), girl("Emma"), boy("Jack"), girl("Ella"), boy("Noah"), girl("Ava"), boy("Omar"),
            girl("Priya"), boy("Kenji"), girl("Sofia"), boy("Luis"), girl("Fatima"), boy("Chen"), girl("Amara"),
            boy("Ivan"), girl("Nora"), boy("Raj"), girl("Maya"), boy("Eli"), girl("Grace"), boy("Hugo"),
            girl("Ruby"), boy("Finn"), girl("Lucy"), boy("Ali"), girl("Hana"), boy("Kofi"), girl("Sara"),
            boy("Pedro"), girl("Mei"), boy("Yusuf"), girl("Chloe"), boy("Daniel"), girl("Olivia"), boy("Felix"),
            girl("Isla"), boy("Mateo"), girl("Layla"), boy("Oscar"), girl("Rosa"), boy("Tariq"), girl("Jade"));
}
