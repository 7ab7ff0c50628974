package io.phi4j.server;

import io.phi4j.generate.GenerationOptions;

/**
 * A validated {@code /v1/completions} or {@code /v1/chat/completions} request.
 *
 * @param chat           chat completion (else text completion)
 * @param promptText     the prompt (chat messages already rendered by the template); null when given as ids
 * @param promptIds      the prompt as token ids (completions only), else null
 * @param parseSpecial   whether special tokens written in the prompt text become their ids
 * @param options        sampling and stopping
 * @param maxTokensGiven whether the client set a token limit (then prompt + limit must fit the context)
 * @param stream         answer with Server-Sent Events
 * @param includeUsage   stream_options.include_usage: a last chunk with the token counts
 * @param topLogprobs    -1 for no log-probs, else how many alternatives per token
 */
record GenerationRequest(boolean chat, String promptText, int[] promptIds, boolean parseSpecial,
                         GenerationOptions options, boolean maxTokensGiven, boolean stream, boolean includeUsage,
                         int topLogprobs) {
}
