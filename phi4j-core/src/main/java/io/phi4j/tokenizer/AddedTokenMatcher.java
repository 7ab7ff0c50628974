package io.phi4j.tokenizer;

import java.util.Arrays;
import java.util.Map;

/**
 * Finds added tokens (Phi-2's whitespace runs, and {@code <|endoftext|>} when special tokens are parsed) in
 * text before BPE, splitting the text into raw fragments and token ids.
 *
 * <p>Matching is leftmost-longest, like Hugging Face's {@code AddedVocabulary} (an Aho-Corasick automaton with
 * {@code MatchKind::LeftmostLongest}). llama.cpp's {@code tokenizer_st_partition} instead takes the tokens
 * longest first over the whole text. The two only differ when one token's end overlaps another token's start
 * (e.g. tokens "ab" and "bcd" in "abcd"); Phi-2's added tokens are runs of one repeated character plus
 * {@code <|endoftext|>}, for which both give the same split (a run of n spaces becomes 31-space tokens from the
 * left, then one token for the rest, and a lone space left over goes to BPE).
 */
final class AddedTokenMatcher {

    /** Receives the partition of the text in order. */
    interface Sink {
        void text(int start, int end);

        void token(int id);
    }

    private static final class Node {
        char[] keys = new char[0];
        Node[] children = new Node[0];
        int tokenId = -1;

        Node child(char c) {
            for (int i = 0; i < keys.length; i++) {
                if (keys[i] == c) {
                    return children[i];
                }
            }
            return null;
        }

        Node addChild(char c) {
            Node existing = child(c);
            if (existing != null) {
                return existing;
            }
            keys = Arrays.copyOf(keys, keys.length + 1);
            children = Arrays.copyOf(children, children.length + 1);
            keys[keys.length - 1] = c;
            Node node = new Node();
            children[children.length - 1] = node;
            return node;
        }
    }

    private final Node root = new Node();
    /** First characters of any token below U+0100, for a quick skip of the common case. */
    private final boolean[] asciiFirst = new boolean[0x100];
    private boolean nonAsciiFirst;
    private final boolean empty;

    /** Builds a matcher for the given token texts (empty texts are ignored). */
    AddedTokenMatcher(Map<String, Integer> tokens) {
        for (Map.Entry<String, Integer> e : tokens.entrySet()) {
            String text = e.getKey();
            if (text.isEmpty()) {
                continue;
            }
            Node node = root;
            for (int i = 0; i < text.length(); i++) {
                node = node.addChild(text.charAt(i));
            }
            node.tokenId = e.getValue();
            char first = text.charAt(0);
            if (first < 0x100) {
                asciiFirst[first] = true;
            } else {
                nonAsciiFirst = true;
            }
        }
        empty = root.keys.length == 0;
    }

    /** Splits {@code text} into raw fragments and matched token ids, in order. */
    void partition(String text, Sink sink) {
        int n = text.length();
        if (empty) {
            if (n > 0) {
                sink.text(0, n);
            }
            return;
        }
        int rawStart = 0;
        int pos = 0;
        while (pos < n) {
            char c = text.charAt(pos);
            if (c < 0x100 ? !asciiFirst[c] : !nonAsciiFirst) {
                pos++;
                continue;
            }
            int matchId = -1;
            int matchEnd = -1;
            Node node = root;
            for (int i = pos; i < n; i++) {
                node = node.child(text.charAt(i));
                if (node == null) {
                    break;
                }
                if (node.tokenId >= 0) {
                    matchId = node.tokenId;
                    matchEnd = i + 1;
                }
            }
            if (matchId < 0) {
                pos++;
                continue;
            }
            if (pos > rawStart) {
                sink.text(rawStart, pos);
            }
            sink.token(matchId);
            pos = matchEnd;
            rawStart = pos;
        }
        if (rawStart < n) {
            sink.text(rawStart, n);
        }
    }
}
