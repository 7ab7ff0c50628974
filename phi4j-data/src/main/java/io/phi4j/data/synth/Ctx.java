package io.phi4j.data.synth;

import io.phi4j.data.wordnet.WordEntry;

import java.util.List;

/** The random draws a lesson is made from: its randomness, audience, style, setting and layout. */
final class Ctx {
    final Rng rng;
    final Audience audience;
    final Style style;
    final Topic topic;
    final Format format;
    final List<WordEntry> words;

    /** @param forced the layout to use, or null to draw one */
    Ctx(Rng rng, List<WordEntry> words, Format forced) {
        this.rng = rng;
        this.words = words;
        this.audience = rng.pick(Audience.ALL);
        this.style = rng.pick(Style.ALL);
        this.topic = rng.pick(Topic.ALL);
        Format drawn = Format.pickQa(rng);
        this.format = forced != null ? forced : drawn;
    }

    /** Two different people. */
    Person[] twoPeople() {
        List<Person> two = rng.sample(Person.ALL, 2);
        return new Person[] {two.get(0), two.get(1)};
    }

    Person person() {
        return rng.pick(Person.ALL);
    }

    Topic.Item item() {
        return rng.pick(topic.items());
    }
}
