package io.phi4j.cli;

import io.phi4j.chat.LeadingSpace;
import io.phi4j.chat.ChatTemplate;
import io.phi4j.generate.FinishReason;
import io.phi4j.generate.GenerationOptions;
import io.phi4j.generate.GenerationResult;
import io.phi4j.generate.Generator;
import io.phi4j.model.Session;
import io.phi4j.tokenizer.Tokenizer;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/**
 * One reply at a time in a multi-turn conversation: renders the history and the new message through the
 * template, drops the oldest turns when they no longer leave room for a reply in the context window, streams the
 * reply (stopping at the next speaker's turn), and records the exchange. The KV cache of the previous turn is
 * reused for the part of the prompt that did not change.
 */
final class ChatEngine {
    /** What happened to one message. */
    record Reply(String text, FinishReason finishReason, int droppedTurns, boolean tooLong, int promptTokens, int contextRoom) {
    }

    private final Tokenizer tokenizer;
    private final Session session;
    private final Conversation conversation;
    private final GenerationOptions options;
    private final int replyRoom;

    ChatEngine(Tokenizer tokenizer, Session session, Conversation conversation, GenerationOptions options) {
        this.tokenizer = tokenizer;
        this.session = session;
        this.conversation = conversation;
        List<String> stops = new ArrayList<>(options.stop());
        stops.addAll(conversation.template().stops());
        this.options = options.withStop(stops);
        int ctx = session.capacity();
        // Keep room for a reply: up to --max-tokens, at most half the context.
        this.replyRoom = Math.max(1, options.maxTokens() > 0 ? Math.min(options.maxTokens(), ctx / 2) : ctx / 4);
    }

    Conversation conversation() {
        return conversation;
    }

    /** The context window in tokens. */
    int contextSize() {
        return session.capacity();
    }

    /** The largest prompt (in tokens) that leaves room for a reply. */
    int promptLimit() {
        return session.capacity() - replyRoom;
    }

    /**
     * Answers {@code message}, passing text pieces to {@code sink} as they become final; {@code cancel} stops the
     * reply early (what was generated so far is kept).
     */
    Reply reply(String message, Consumer<String> sink, AtomicBoolean cancel) {
        int limit = promptLimit();
        boolean special = conversation.template().parseSpecial();
        int from = 0;
        int[] ids = tokenizer.encode(conversation.prompt(from, message), special);
        int turns = conversation.turns().size();
        while (ids.length > limit && from < turns) {
            from++;
            ids = tokenizer.encode(conversation.prompt(from, message), special);
        }
        if (ids.length > limit) {
            return new Reply("", FinishReason.STOP, 0, true, ids.length, limit);
        }
        if (from > 0) {
            conversation.dropOldest(from);
        }
        // Label templates ("Output:", "Bob:"): the model's reply starts with a space that is not part of the answer.
        Consumer<String> trim = conversation.template().generationPrompt().isEmpty() ? sink : new LeadingSpace(sink);
        GenerationResult r = new Generator(tokenizer).generate(session, ids, options, (id, piece) -> {
            if (cancel.get()) {
                return false;
            }
            trim.accept(piece);
            return !cancel.get();
        });
        String reply = r.text();
        if (!conversation.template().assistant().endsWith(ChatTemplate.CONTENT)) {
            reply = reply.stripTrailing(); // the template puts its own separator after the reply
        }
        conversation.add(new Conversation.Turn(message, reply));
        return new Reply(reply, r.finishReason(), from, false, ids.length, limit);
    }
}
