package io.phi4j.data.synth;

import io.phi4j.data.Lesson;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Short stories with a stated moral, in the manner of TinyStories: simple words, a problem, a turn and a lesson.
 * Laid out as a plain story, as a story written for an {@code Instruct:} request or a chat request, or as a story
 * followed by a comprehension question whose answer comes from the same slots the story was filled with.
 */
final class StoryFamily implements Family {
    private static final Pattern SLOT = Pattern.compile("\\{([A-Za-z_]+)}");
    private static final String[] TOYS = {"red ball", "toy truck", "kite", "teddy bear", "doll", "yo-yo",
            "toy boat", "box of crayons", "jump rope", "puzzle", "toy robot", "spinning top", "blue car"};
    private static final String[] HOME = {"vase", "cup", "lamp", "plate", "bowl", "clock", "jar", "teapot"};
    private static final String[] FOOD = {"sandwich", "banana", "cookie", "pear", "muffin", "carrot", "peach",
            "plum", "cheese sandwich", "small bun"};
    private static final String[] LOST = {"hat", "scarf", "ring", "key", "ball", "mitten"};
    /** Places with their "at" and "in" phrases ("on the farm", not "in the farm"). */
    private static final String[][] PLACES = {{"park", "at the park", "in the park"},
            {"garden", "in the garden", "in the garden"}, {"beach", "at the beach", "on the beach"},
            {"forest", "in the forest", "in the forest"}, {"playground", "at the playground", "on the playground"},
            {"meadow", "in the meadow", "in the meadow"}, {"farm", "on the farm", "on the farm"},
            {"pond", "by the pond", "near the pond"}};
    private static final String[] DAYS = {"sunny day", "bright morning", "warm afternoon", "windy day",
            "cool morning", "happy day"};
    private static final String[][] ANIMALS = {{"bunny", "small"}, {"bear", "little"}, {"fox", "young"},
            {"duck", "little"}, {"mouse", "small"}, {"puppy", "little"}, {"elephant", "baby"}, {"kitten", "little"},
            {"owl", "young"}, {"squirrel", "small"}, {"turtle", "little"}, {"goat", "baby"}};
    private static final String[] GIRL = {"little girl", "kind girl", "curious girl", "happy girl"};
    private static final String[] BOY = {"little boy", "kind boy", "curious boy", "happy boy"};
    private static final String[][] PARENTS = {{"Mom", "she"}, {"Dad", "he"}, {"Grandma", "she"},
            {"Grandpa", "he"}};

    @Override
    public String name() {
        return "stories";
    }

    @Override
    public Lesson generate(Ctx ctx) {
        Rng rng = ctx.rng;
        int plotIndex = rng.between(0, StoryPlot.ALL.size() - 1);
        StoryPlot plot = StoryPlot.ALL.get(plotIndex);
        Person[] hf = ctx.twoPeople();
        Person h = hf[0];
        Person f = hf[1];
        boolean animals = rng.chance(0.4);
        Map<String, String> slots = new HashMap<>();
        slots.put("H", h.name());
        slots.put("F", f.name());
        slots.put("he", h.he());
        slots.put("him", h.him());
        slots.put("his", h.his());
        slots.put("He", h.He());
        slots.put("His", h.His());
        slots.put("fhe", f.he());
        slots.put("fhim", f.him());
        slots.put("fhis", f.his());
        slots.put("Fhe", f.He());
        String[] animal = rng.pick(ANIMALS);
        String[] friendAnimal = rng.pick(ANIMALS);
        String heroNoun = animals ? animal[1] + " " + animal[0] : rng.pick(h.he().equals("she") ? GIRL : BOY);
        slots.put("hero", Text.a(heroNoun));
        slots.put("friend", animals ? Text.a(friendAnimal[1] + " " + friendAnimal[0])
                : Text.a(rng.pick(f.he().equals("she") ? GIRL : BOY)));
        String obj = switch (plot.needs()) {
            case "toy" -> rng.pick(TOYS);
            case "home" -> rng.pick(HOME);
            case "food" -> rng.pick(FOOD);
            default -> "";
        };
        slots.put("obj", obj);
        slots.put("Obj", titleCase(obj));
        String[] placeForms = rng.pick(PLACES);
        String place = placeForms[0];
        slots.put("place", place);
        slots.put("at_place", placeForms[1]);
        slots.put("At_place", Text.capitalize(placeForms[1]));
        slots.put("in_place", placeForms[2]);
        slots.put("Place", titleCase(place));
        String[] parent = rng.pick(PARENTS);
        slots.put("Mom", parent[0]);
        slots.put("she_mom", parent[1]);
        slots.put("day", rng.pick(DAYS));
        slots.put("lost", rng.pick(LOST));

        StringBuilder story = new StringBuilder();
        story.append(fill(rng.pick("Once upon a time, there was {hero} named {H}.",
                "Once upon a time, in a small village, there lived {hero} named {H}.",
                "There was once {hero} named {H}.", "{H} was {hero} who lived near a big {place}."), slots));
        boolean firstParagraph = true;
        for (List<List<String>> paragraph : plot.paragraphs()) {
            if (paragraph.isEmpty()) {
                continue;
            }
            if (!firstParagraph) {
                story.append("\n\n");
            }
            for (List<String> beat : paragraph) {
                if (!story.isEmpty() && story.charAt(story.length() - 1) != '\n') {
                    story.append(' ');
                }
                story.append(fill(rng.pick(beat), slots));
            }
            firstParagraph = false;
        }
        String moral = rng.pick(plot.morals());
        story.append("\n\n").append(rng.chance(0.7) ? "The moral of the story is: " + moral : "Moral: " + moral);
        String text = story.toString();
        String key = "story:" + plotIndex + ":" + h.name() + ":" + f.name() + ":" + obj + ":" + (animals ? animal[0]
                : "child");
        String topic = plot.moralName();
        double r = rng.nextDouble();
        String title = fill(rng.pick(plot.titles()), slots);
        if (r < 0.35) {
            return lesson(ctx, "story", key, topic, "# " + title + "\n\n" + text, null, null);
        }
        if (r < 0.65) {
            String request = switch (rng.between(0, 2)) {
                case 0 -> "Write a short story for " + ctx.audience.name() + " about " + Text.a(heroNoun) + " who learns"
                        + " that " + fill(plot.learns(), slots) + ".";
                case 1 -> "Write a story with a moral about " + Text.a(heroNoun) + " named " + h.name() + ".";
                default -> "Tell a simple story about " + h.name() + " and " + f.name() + " that teaches: "
                        + moral.substring(0, 1).toLowerCase() + moral.substring(1);
            };
            if (!obj.isEmpty() && text.contains(obj) && rng.chance(0.5)) {
                request += " Use the words \"" + obj + "\" and \"" + place + "\".";
                if (!text.contains(place)) {
                    request = request.substring(0, request.lastIndexOf(" Use the words")) + " Use the word \"" + obj
                            + "\".";
                }
            }
            String prompt = "Instruct: " + request + "\nOutput:";
            return lesson(ctx, "instruct", key, topic, prompt + " " + text, prompt, null);
        }
        if (r < 0.75) {
            String prompt = "Alice: " + rng.pick("Can you tell me a story about ", "Please tell me a bedtime story"
                    + " about ", "I would like a story about ") + Text.a(heroNoun) + "." + "\nBob:";
            return lesson(ctx, "chat", key, topic, prompt + " " + rng.pick("Sure! ", "Of course. ", "Here is one. ")
                    + text, prompt, null);
        }
        String[] ask = rng.pick(plot.asks());
        String question = fill(ask[0], slots);
        String answer = fill(ask[1], slots);
        String prompt = "# " + title + "\n\n" + text + "\n\nInstruct: " + question + "\nOutput:";
        return lesson(ctx, "textbook", key, topic, prompt + " The answer is " + answer + ".", prompt, answer);
    }

    private static Lesson lesson(Ctx ctx, String format, String key, String topic, String text, String prompt,
                                 String answer) {
        return new Lesson(null, "stories", null, format, List.of(key), topic, ctx.audience.name(), ctx.style.label,
                text, prompt, answer);
    }

    private static String titleCase(String s) {
        StringBuilder sb = new StringBuilder();
        for (String w : s.split(" ")) {
            if (!sb.isEmpty()) {
                sb.append(' ');
            }
            sb.append(w.equals("of") ? w : Text.capitalize(w));
        }
        return sb.toString();
    }

    static String fill(String template, Map<String, String> slots) {
        Matcher m = SLOT.matcher(template);
        StringBuilder sb = new StringBuilder();
        while (m.find()) {
            String v = slots.get(m.group(1));
            if (v == null) {
                throw new IllegalStateException("story slot {" + m.group(1) + "} has no value in: " + template);
            }
            m.appendReplacement(sb, Matcher.quoteReplacement(v));
        }
        m.appendTail(sb);
        return sb.toString();
    }
}
