package io.phi4j.eval;

import io.phi4j.tokenizer.Tokenizer;

import java.util.Arrays;

/**
 * Turns a {@code (context, continuation)} string pair into tokens exactly as lm-evaluation-harness does for a
 * causal Hugging Face model (lm_eval/api/model.py {@code _encode_pair}, {@code loglikelihood}; lm_eval/models/
 * huggingface.py {@code _loglikelihood_tokens}):
 * <ul>
 *   <li>whitespace at the end of the context is moved to the front of the continuation;</li>
 *   <li>{@code context + continuation} is encoded as one string and the continuation's tokens are what
 *   follows the tokens of the context alone (so a merge across the boundary is not double counted);</li>
 *   <li>an empty context becomes the prefix token (end-of-text for Phi-2), unless the continuation already
 *   starts with it;</li>
 *   <li>the input keeps the last {@code maxLength + 1} tokens (left truncation).</li>
 * </ul>
 */
public final class HarnessEncoder {
    private final Tokenizer tokenizer;
    private final int maxLength;
    private final int prefixToken;

    public HarnessEncoder(Tokenizer tokenizer, int maxLength) {
        this.tokenizer = tokenizer;
        this.maxLength = maxLength;
        int bos = tokenizer.bosId();
        this.prefixToken = bos >= 0 ? bos : tokenizer.eosId();
    }

    public TokenRequest encode(String context, String continuation) {
        int[] ctx, cont;
        if (context.isEmpty()) {
            int[] c = encodeText(continuation);
            if (c.length > 0 && c[0] == prefixToken) {
                ctx = Arrays.copyOf(c, 1);
                cont = Arrays.copyOfRange(c, 1, c.length);
            } else {
                ctx = new int[] {prefixToken};
                cont = c;
            }
        } else {
            int keep = rstripLength(context);
            if (keep < context.length()) {
                continuation = context.substring(keep) + continuation;
                context = context.substring(0, keep);
            }
            int[] whole = encodeText(context + continuation);
            ctx = encodeText(context);
            cont = Arrays.copyOfRange(whole, Math.min(ctx.length, whole.length), whole.length);
        }
        int[] all = new int[ctx.length + cont.length];
        System.arraycopy(ctx, 0, all, 0, ctx.length);
        System.arraycopy(cont, 0, all, ctx.length, cont.length);
        if (all.length > maxLength + 1) {
            all = Arrays.copyOfRange(all, all.length - (maxLength + 1), all.length);
        }
        return new TokenRequest(all, Math.max(1, all.length - cont.length));
    }

    /** Hugging Face tokenizers parse special tokens written in text, so the harness's prompts are encoded so. */
    public int[] encodeText(String text) {
        return tokenizer.encode(text, true);
    }

    /** Length of {@code s} without its trailing whitespace, with Python's {@code str.isspace} notion of space. */
    static int rstripLength(String s) {
        int end = s.length();
        while (end > 0 && isPythonSpace(s.charAt(end - 1))) {
            end--;
        }
        return end;
    }

    static boolean isPythonSpace(char c) {
        return Character.isWhitespace(c) || Character.isSpaceChar(c) || c == '\u0085' || (c >= '\u001c' && c <= '\u001f');
    }
}
