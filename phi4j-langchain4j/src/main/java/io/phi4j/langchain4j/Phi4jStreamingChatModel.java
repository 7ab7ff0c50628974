package io.phi4j.langchain4j;

import dev.langchain4j.model.chat.StreamingChatModel;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.chat.response.PartialResponse;
import dev.langchain4j.model.chat.response.PartialResponseContext;
import dev.langchain4j.model.chat.response.StreamingChatResponseHandler;
import dev.langchain4j.model.chat.response.StreamingHandle;

import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A LangChain4j {@link StreamingChatModel} over the in-process phi4j engine. {@code chat(...)} returns at once;
 * the reply is generated on a virtual thread and arrives as {@code onPartialResponse} pieces (never half a
 * character, never part of a stop string), then {@code onCompleteResponse} with the whole text, token usage and
 * finish reason, or {@code onError}. {@link StreamingHandle#cancel()} (from the partial response's context) stops
 * the generation; no callback follows it. Settings and thread-safety as {@link Phi4jChatModel}.
 */
public final class Phi4jStreamingChatModel extends Phi4jModelBase implements StreamingChatModel {
    private Phi4jStreamingChatModel(Phi4jEngine engine) {
        super(engine);
    }

    public static Builder builder() {
        return new Builder();
    }

    @Override
    public void doChat(ChatRequest request, StreamingChatResponseHandler handler) {
        Handle handle = new Handle();
        Thread.ofVirtual().name("phi4j-langchain4j-stream").start(() -> run(request, handler, handle));
    }

    private void run(ChatRequest request, StreamingChatResponseHandler handler, Handle handle) {
        PartialResponseContext context = new PartialResponseContext(handle);
        AtomicBoolean handlerFailed = new AtomicBoolean();
        ChatResponse response;
        try {
            response = engine.generate(request, text -> {
                try {
                    handler.onPartialResponse(new PartialResponse(text), context);
                } catch (RuntimeException e) {
                    handlerFailed.set(true);
                    throw new HandlerFailure(e);
                }
            }, () -> handle.isCancelled() || handlerFailed.get());
        } catch (HandlerFailure e) {
            handler.onError(e.getCause());
            return;
        } catch (RuntimeException | Error e) {
            if (!handle.isCancelled()) {
                handler.onError(e);
            }
            return;
        }
        if (!handle.isCancelled()) {
            handler.onCompleteResponse(response);
        }
    }

    /** An exception thrown by the caller's handler, carried out of the generation loop. */
    private static final class HandlerFailure extends RuntimeException {
        HandlerFailure(RuntimeException cause) {
            super(cause);
        }
    }

    private static final class Handle implements StreamingHandle {
        private volatile boolean cancelled;

        @Override
        public void cancel() {
            cancelled = true;
        }

        @Override
        public boolean isCancelled() {
            return cancelled;
        }
    }

    public static final class Builder extends Phi4jModelBuilder<Builder> {
        private Builder() {
        }

        /** Loads the model (if a path was given); a bad path is a one-line {@link io.phi4j.PhiException}. */
        public Phi4jStreamingChatModel build() {
            return new Phi4jStreamingChatModel(engine());
        }
    }
}
