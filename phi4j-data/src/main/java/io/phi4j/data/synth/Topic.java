package io.phi4j.data.synth;

import java.util.List;

/** A setting for word problems: a place and things that can be counted there. */
record Topic(String name, String place, List<Item> items) {

    /** A countable thing, singular and plural; animals are counted in groups, not packed in boxes. */
    record Item(String one, String many) {
        private static final java.util.Set<String> ANIMALS = java.util.Set.of("cow", "sheep", "bee", "crab", "bird",
                "duck", "monkey", "penguin", "parrot", "fish", "dolphin", "starfish", "frog", "duckling");

        boolean animal() {
            return ANIMALS.contains(one);
        }

        String of(int n) {
            return n + " " + (n == 1 ? one : many);
        }
    }

    private static List<Item> items(String... pairs) {
        List<Item> out = new java.util.ArrayList<>();
        for (int i = 0; i < pairs.length; i += 2) {
            out.add(new Item(pairs[i], pairs[i + 1]));
        }
        return List.copyOf(out);
    }

    static final List<Topic> ALL = List.of(
            new Topic("the farm", "on the farm", items("apple", "apples", "egg", "eggs", "cow", "cows", "sheep",
                    "sheep", "carrot", "carrots", "pumpkin", "pumpkins")),
            new Topic("the library", "in the library", items("book", "books", "magazine", "magazines", "comic",
                    "comics")),
            new Topic("the garden", "in the garden", items("flower", "flowers", "tomato", "tomatoes", "seed",
                    "seeds", "bee", "bees", "rose", "roses")),
            new Topic("school", "at school", items("pencil", "pencils", "crayon", "crayons", "sticker", "stickers",
                    "notebook", "notebooks", "eraser", "erasers")),
            new Topic("the beach", "at the beach", items("shell", "shells", "pebble", "pebbles", "sandcastle",
                    "sandcastles", "crab", "crabs")),
            new Topic("the bakery", "at the bakery", items("cookie", "cookies", "cupcake", "cupcakes", "muffin",
                    "muffins", "roll", "rolls")),
            new Topic("the park", "in the park", items("bird", "birds", "duck", "ducks", "kite", "kites", "leaf",
                    "leaves")),
            new Topic("the zoo", "at the zoo", items("monkey", "monkeys", "penguin", "penguins", "banana",
                    "bananas", "parrot", "parrots")),
            new Topic("the toy shop", "at the toy shop", items("toy car", "toy cars", "teddy bear", "teddy bears",
                    "ball", "balls", "marble", "marbles", "puzzle", "puzzles")),
            new Topic("the night sky", "in the night sky", items("star", "stars", "planet", "planets", "cloud",
                    "clouds")),
            new Topic("the sea", "in the sea", items("fish", "fish", "boat", "boats", "dolphin", "dolphins",
                    "starfish", "starfish")),
            new Topic("the kitchen", "in the kitchen", items("cup", "cups", "spoon", "spoons", "plate", "plates",
                    "lemon", "lemons")),
            new Topic("the forest", "in the forest", items("acorn", "acorns", "pine cone", "pine cones",
                    "mushroom", "mushrooms", "tree", "trees")),
            new Topic("sports day", "at sports day", items("medal", "medals", "ball", "balls", "cone", "cones",
                    "ribbon", "ribbons")),
            new Topic("the market", "at the market", items("orange", "oranges", "potato", "potatoes", "melon",
                    "melons", "pear", "pears")),
            new Topic("a birthday party", "at the party", items("balloon", "balloons", "candle", "candles",
                    "present", "presents", "hat", "hats")),
            new Topic("art class", "in art class", items("painting", "paintings", "brush", "brushes", "bead",
                    "beads", "drawing", "drawings")),
            new Topic("the city", "in the city", items("bus", "buses", "car", "cars", "bike", "bikes", "window",
                    "windows")),
            new Topic("a camping trip", "at the camp", items("tent", "tents", "marshmallow", "marshmallows", "stick",
                    "sticks", "lantern", "lanterns")),
            new Topic("the pond", "at the pond", items("frog", "frogs", "lily pad", "lily pads", "duckling",
                    "ducklings", "stone", "stones")));
}
