package io.phi4j.tokenizer;

/**
 * The four classes of code point that the GPT-2 pre-tokenization regex distinguishes: {@code \p{L}} (letters:
 * Lu, Ll, Lt, Lm, Lo), {@code \p{N}} (numbers: Nd, Nl, No), {@code \s} (the Unicode White_Space property, which
 * is what Oniguruma's {@code \s} in Hugging Face tokenizers and llama.cpp's {@code unicode_set_whitespace}
 * use) and everything else. Java's {@link Character#isWhitespace} is deliberately not used: it excludes
 * U+00A0/U+2007/U+202F and includes U+001C..U+001F, unlike White_Space.
 */
final class CharClass {
    static final byte OTHER = 0;
    static final byte LETTER = 1;
    static final byte NUMBER = 2;
    static final byte WHITESPACE = 3;

    /** Class of every BMP code point, precomputed once (64 KiB) so the scanner does one array read. */
    private static final byte[] BMP = new byte[0x10000];

    static {
        for (int cp = 0; cp < 0x10000; cp++) {
            BMP[cp] = compute(cp);
        }
    }

    private CharClass() {
    }

    static byte of(int codePoint) {
        return codePoint < 0x10000 ? BMP[codePoint] : compute(codePoint);
    }

    private static byte compute(int cp) {
        if (isWhiteSpaceProperty(cp)) {
            return WHITESPACE;
        }
        return switch (Character.getType(cp)) {
            case Character.UPPERCASE_LETTER, Character.LOWERCASE_LETTER, Character.TITLECASE_LETTER,
                 Character.MODIFIER_LETTER, Character.OTHER_LETTER -> LETTER;
            case Character.DECIMAL_DIGIT_NUMBER, Character.LETTER_NUMBER, Character.OTHER_NUMBER -> NUMBER;
            default -> OTHER;
        };
    }

    /** Unicode's White_Space property (PropList.txt), unchanged since Unicode 6.3. */
    static boolean isWhiteSpaceProperty(int cp) {
        return (cp >= 0x09 && cp <= 0x0D) || cp == 0x20 || cp == 0x85 || cp == 0xA0 || cp == 0x1680
                || (cp >= 0x2000 && cp <= 0x200A) || cp == 0x2028 || cp == 0x2029 || cp == 0x202F
                || cp == 0x205F || cp == 0x3000;
    }
}
