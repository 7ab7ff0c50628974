/**
 * The Phi tokenizer: GPT-2 / CodeGen byte-level BPE, giving the ids of Hugging Face {@code tokenizers} and of
 * llama.cpp. Entry points: {@link io.phi4j.tokenizer.Tokenizers} (loaders), {@link io.phi4j.tokenizer.Tokenizer}
 * (encode/decode), {@link io.phi4j.tokenizer.Utf8StreamDecoder} (streamed detokenization).
 *
 * <h2>Encoding pipeline</h2>
 * <ol>
 *   <li>Added tokens are split out of the text first, leftmost-longest: the non-special ones always (Phi-2's
 *       runs of 2..31 spaces and 2..9 tabs, ids 50257..50294, so {@code "  Hello"} is {@code [50286, 15496]}),
 *       the special ones ({@code <|endoftext|>}) only with {@code parseSpecial}.</li>
 *   <li>Each remaining fragment is split by the GPT-2 regex ({@code Gpt2PreTokenizer}), on its own: a
 *       fragment's end counts as end of text for {@code \s+(?!\S)}.</li>
 *   <li>Each word's UTF-8 bytes are merged by BPE rank ({@code BpeMerger}).</li>
 * </ol>
 *
 * <h2>Where Hugging Face and llama.cpp differ, and what this package does</h2>
 * <ul>
 *   <li>Special tokens in input text: Hugging Face always parses them (unless {@code encode_special_tokens});
 *       llama.cpp only with {@code parse_special}. {@code encode(text)} is llama.cpp's default (not parsed,
 *       as in its test vectors); {@code encode(text, true)} is Hugging Face's default.</li>
 *   <li>Added-token matching: Hugging Face is leftmost-longest; llama.cpp's {@code tokenizer_st_partition}
 *       takes tokens longest first over the whole text. They differ only for overlapping tokens, which
 *       Phi-2 does not have; this package is leftmost-longest.</li>
 *   <li>Decoding special tokens: transformers' {@code decode} renders {@code <|endoftext|>} as text; llama.cpp's
 *       {@code token_to_piece(special=false)} renders nothing. {@code decode(ids)} renders the text,
 *       {@code decode(ids, true)} skips it.</li>
 *   <li>Padding ids: Hugging Face's vocabulary stops at 50294; llama.cpp's GGUF converter adds UNUSED
 *       {@code [PAD50295]..[PAD51199]} up to the embedding size. Both decode to nothing here.</li>
 *   <li>Duplicated merge lines (none in real files): llama.cpp keeps the first rank, Hugging Face the last;
 *       this package keeps the first.</li>
 *   <li>Unicode classes come from the JDK's tables; they match Hugging Face tokenizers 0.23 on every code
 *       point (see the test resource hf-char-classes.txt). llama.cpp's generated table may predate recently
 *       assigned characters.</li>
 *   <li>Java strings may hold lone surrogates, which neither library can receive: they are encoded as
 *       U+FFFD.</li>
 * </ul>
 * Apart from these, the two agree: llama.cpp (node-llama-cpp 3.21.1) and Hugging Face give identical ids on
 * all of this package's test vectors, which are the 46 llama.cpp vectors plus 437 harder cases.
 */
package io.phi4j.tokenizer;
