package io.phi4j.cli;

/**
 * Backslash escapes in prompts given on the command line ({@code \n}, {@code \t}, {@code \\}, {@code \"},
 * {@code \'}), as llama.cpp's {@code --escape} (its default) does, so {@code "Instruct: …\nOutput:"} works in
 * any shell. Unknown escapes are kept as written.
 */
final class Escapes {
    private Escapes() {
    }

    static String process(String s) {
        StringBuilder b = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c != '\\' || i + 1 == s.length()) {
                b.append(c);
                continue;
            }
            char n = s.charAt(++i);
            switch (n) {
                case 'n' -> b.append('\n');
                case 't' -> b.append('\t');
                case 'r' -> b.append('\r');
                case '\\' -> b.append('\\');
                case '"' -> b.append('"');
                case '\'' -> b.append('\'');
                default -> b.append('\\').append(n);
            }
        }
        return b.toString();
    }
}
