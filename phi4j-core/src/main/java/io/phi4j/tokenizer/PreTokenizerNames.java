package io.phi4j.tokenizer;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.StringJoiner;

/**
 * The {@code tokenizer.ggml.pre} name llama.cpp's converter gives a BPE tokenizer: it encodes a fixed check text,
 * hashes Python's {@code str()} of the id list with SHA-256 ({@code get_vocab_base_pre}) and looks the hash up in a
 * table of known tokenizers. Only the byte-level BPE tokenizers of the Phi family (and plain GPT-2) are known here.
 */
final class PreTokenizerNames {
    /** {@code chktxt} of convert_hf_to_gguf.py, character for character. */
    static final String CHECK_TEXT = "\n \n\n \n\n\n \t \t\t \t\n  \n   \n    \n     \n\ud83d\ude80 (normal) \ud83d\ude36\u200d\ud83c\udf2b\ufe0f (multiple emojis concatenated) \u2705 \ud83e\udd99\ud83e\udd99 3 33 333 3333 33333 333333 3333333 33333333 3.3 3..3 3...3 \u1780\u17b6\u1793\u17cb\u178f\u17c2\u1796\u17b7\u179f\u17c1\u179f\u17a2\u17b6\u1785\ud83d\ude01 ?\u6211\u60f3\u5728apple\u5de5\u4f5c1314151\u5929\uff5e ------======= \u043d\u0435\u0449\u043e \u043d\u0430 \u0411\u044a\u043b\u0433\u0430\u0440\u0441\u043a\u0438 ''''''```````\"\"\"\"......!!!!!!?????? I've been 'told he's there, 'RE you sure? 'M not sure I'll make it, 'D you like some tea? We'Ve a'lL";

    /** Hashes from convert_hf_to_gguf.py's get_vocab_base_pre for the tokenizers Phi models use. */
    private static final Map<String, String> KNOWN = Map.of(
            "fcace8b9cac38ce847670c970cd5892031a753a1ef381abd1d9af00f713da085", "phi-2", // microsoft/phi-2
            "3ce83efda5659b07b1ad37ca97ca5797ea4285d9b9ab0dc679e4a720c9da7454", "gpt-2", // openai-community/gpt2
            "0fe1cf6eda062318a1af7270f3331a85c539a01778ff948e24388e949c5282f4", "gpt-2"); // evilfreelancer/ruGPT3XL

    private PreTokenizerNames() {
    }

    /** The name for {@code tokenizer}, or null if its hash is not one of the known ones. */
    static String nameOf(Tokenizer tokenizer) {
        return KNOWN.get(checkHash(tokenizer));
    }

    /** SHA-256 of {@code str(tokenizer.encode(chktxt))} as Python prints a list of ints: {@code [1, 2, 3]}. */
    static String checkHash(Tokenizer tokenizer) {
        StringJoiner s = new StringJoiner(", ", "[", "]");
        for (int id : tokenizer.encode(CHECK_TEXT)) {
            s.add(Integer.toString(id));
        }
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(s.toString().getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
