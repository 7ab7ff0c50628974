package io.phi4j.cli;

import io.phi4j.chat.ChatTemplate;

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
        return template.render(messages(from), false);
    }

    /** The prompt for a reply to {@code message}, keeping the turns from {@code from} on. */
    String prompt(int from, String message) {
        List<ChatTemplate.Message> messages = messages(from);
        messages.add(ChatTemplate.Message.user(message));
        return template.render(messages, true);
    }

    private List<ChatTemplate.Message> messages(int from) {
        List<ChatTemplate.Message> messages = new ArrayList<>();
        if (system != null && !system.isEmpty()) {
            messages.add(ChatTemplate.Message.system(system));
        }
        for (Turn t : turns.subList(from, turns.size())) {
            messages.add(ChatTemplate.Message.user(t.user()));
            messages.add(ChatTemplate.Message.assistant(t.reply()));
        }
        return messages;
    }
}
