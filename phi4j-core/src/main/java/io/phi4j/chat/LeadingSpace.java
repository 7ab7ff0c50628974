package io.phi4j.chat;

import java.util.function.Consumer;

/**
 * Passes streamed reply pieces on without the whitespace the model puts between the speaker label and its first
 * words ("Output: Paris" streams " Paris"). Not thread-safe: one instance per reply.
 */
public final class LeadingSpace implements Consumer<String> {
    private final Consumer<String> sink;
    private boolean started;

    public LeadingSpace(Consumer<String> sink) {
        this.sink = sink;
    }

    @Override
    public void accept(String piece) {
        if (!started) {
            piece = piece.stripLeading();
            started = !piece.isEmpty();
        }
        if (!piece.isEmpty()) {
            sink.accept(piece);
        }
    }
}
