package io.phi4j.tokenizer;

/** Splitting a merge written as one string, {@code "Ġ t"}. */
final class MergeLines {
    private MergeLines() {
    }

    /**
     * The two halves of a merge string, split at the first space after the first character (llama.cpp's
     * {@code word.find(' ', 1)}, so a left half that is itself a space still works); null if malformed.
     */
    static String[] split(String merge) {
        int space = merge.indexOf(' ', 1);
        if (space < 0 || space == merge.length() - 1 || merge.indexOf(' ', space + 1) >= 0) {
            return null;
        }
        return new String[] {merge.substring(0, space), merge.substring(space + 1)};
    }
}
