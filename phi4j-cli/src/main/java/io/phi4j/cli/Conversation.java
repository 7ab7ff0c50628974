package io.phi4j.cli;

import java.util.ArrayList;
import java.util.List;

/** The system text and the turns so far, rendered through a {@link ChatTemplate}. */
final class Conversation {
    /** One exchange: what the user said and what the model replied (as generated, leading space included). */
    record Turn(String user, String reply) {
    }

    private final ChatTemplate template;
    private final List<Turn> turns = new ArrayList<>();
    private String system;

    Conversation(ChatTemplate template, String system) {
        this.template = template;
        this.system = system;
    }

    ChatTemplate template() {
        return template;
    }

    String system() {
        return system;
    }

    void setSystem(String system) {
        this.system = system;
    }

    List<Turn> turns() {
        return List.copyOf(turns);
    }

    void add(Turn t) {
        turns.add(t);
    }

    void reset() {
        turns.clear();
    }

    /** Forgets the oldest {@code n} turns. */
    void dropOldest(int n) {
        turns.subList(0, Math.min(n, turns.size())).clear();
    }

    /** The whole conversation as the model sees it, from turn {@code from} on. */
    String transcript(int from) {
        StringBuilder b = new StringBuilder(template.renderSystem(system));
        for (Turn t : turns.subList(from, turns.size())) {
            b.append(template.renderUser(t.user())).append(template.renderAssistant(t.reply()));
        }
        return b.toString();
    }

    /** The prompt for a reply to {@code message}, keeping the turns from {@code from} on. */
    String prompt(int from, String message) {
        return transcript(from) + template.renderUser(message) + template.assistantPrefix();
    }
}
