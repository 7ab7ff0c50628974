package io.phi4j.data.synth;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * One story plot from the resource {@code stories.txt}: beats with alternative sentences, grouped in paragraphs,
 * plus the moral and the comprehension questions (see the resource's header for the format).
 */
record StoryPlot(String moralName, List<String> morals, String learns, List<String> titles, String needs,
                 List<String[]> asks, List<List<List<String>>> paragraphs) {

    static final String RESOURCE = "/io/phi4j/data/stories.txt";
    static final List<StoryPlot> ALL = load();

    private static List<StoryPlot> load() {
        try (InputStream in = StoryPlot.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("resource " + RESOURCE + " is missing");
            }
            return parse(new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8)));
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + RESOURCE, e);
        }
    }

    static List<StoryPlot> parse(BufferedReader r) throws IOException {
        List<StoryPlot> plots = new ArrayList<>();
        List<String> morals = null;
        String learns = null;
        List<String> titles = null;
        String needs = "none";
        List<String[]> asks = new ArrayList<>();
        List<List<List<String>>> paragraphs = null;
        int lineNo = 0;
        for (String line; (line = r.readLine()) != null; ) {
            lineNo++;
            if (line.startsWith("#")) {
                continue;
            }
            if (paragraphs != null) {
                if (line.equals("end")) {
                    plots.add(new StoryPlot(morals.getFirst().replaceAll("[^A-Za-z ]", "").toLowerCase(), morals,
                            learns, titles, needs, asks, paragraphs));
                    morals = null;
                    learns = null;
                    titles = null;
                    needs = "none";
                    asks = new ArrayList<>();
                    paragraphs = null;
                } else if (line.isBlank()) {
                    paragraphs.add(new ArrayList<>());
                } else {
                    paragraphs.getLast().add(alternatives(line));
                }
                continue;
            }
            if (line.isBlank()) {
                continue;
            }
            int colon = line.indexOf(':');
            if (colon < 0) {
                throw new IllegalStateException(RESOURCE + ": line " + lineNo + ": expected \"field: value\"");
            }
            String field = line.substring(0, colon);
            String value = line.substring(colon + 1).strip();
            switch (field) {
                case "moral" -> morals = alternatives(value);
                case "learns" -> learns = value;
                case "title" -> titles = alternatives(value);
                case "needs" -> needs = value;
                case "ask" -> {
                    String[] qa = value.split(" => ");
                    if (qa.length != 2) {
                        throw new IllegalStateException(RESOURCE + ": line " + lineNo + ": ask needs \"Q => A\"");
                    }
                    asks.add(qa);
                }
                case "plot" -> {
                    if (morals == null || learns == null || titles == null) {
                        throw new IllegalStateException(RESOURCE + ": line " + lineNo + ": plot before moral/learns/title");
                    }
                    paragraphs = new ArrayList<>();
                    paragraphs.add(new ArrayList<>());
                }
                default -> throw new IllegalStateException(RESOURCE + ": line " + lineNo + ": unknown field " + field);
            }
        }
        if (paragraphs != null) {
            throw new IllegalStateException(RESOURCE + ": the last plot has no \"end\"");
        }
        return List.copyOf(plots);
    }

    private static List<String> alternatives(String line) {
        List<String> out = new ArrayList<>();
        for (String alt : line.split(" \\| ")) {
            out.add(alt.strip());
        }
        return out;
    }
}
