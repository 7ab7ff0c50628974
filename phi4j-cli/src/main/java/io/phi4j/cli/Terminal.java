package io.phi4j.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Is a standard stream a terminal, and may we use colour on it? Progress bars, prompts and colour appear only
 * on a terminal, so piped output stays plain. Colour also honours the NO_COLOR convention (no-color.org) and
 * {@code TERM=dumb}.
 */
final class Terminal {
    static final int STDIN = 0, STDOUT = 1, STDERR = 2;

    private Terminal() {
    }

    /** Whether file descriptor {@code fd} (0, 1 or 2) of this process is a terminal. */
    static boolean isTerminal(int fd) {
        // Linux: /proc/self/fd/N links to /dev/pts/M or /dev/ttyX for a terminal, to a pipe or file otherwise.
        Path link = Path.of("/proc/self/fd/" + fd);
        try {
            String target = Files.readSymbolicLink(link).toString();
            return target.startsWith("/dev/pts/") || target.startsWith("/dev/tty") || target.equals("/dev/console");
        } catch (IOException | UnsupportedOperationException | SecurityException e) {
            // No /proc (macOS): the JDK's Console is a terminal only when stdin and stdout both are.
            java.io.Console c = System.console();
            return c != null && c.isTerminal();
        }
    }

    /** Whether to colour output written to {@code fd}. */
    static boolean colour(int fd) {
        String noColor = System.getenv("NO_COLOR");
        if (noColor != null && !noColor.isEmpty()) {
            return false;
        }
        if ("dumb".equals(System.getenv("TERM"))) {
            return false;
        }
        return isTerminal(fd);
    }

    /** ANSI styling that is a no-op when colour is off. */
    record Style(boolean on) {
        String bold(String s) {
            return on ? "\u001b[1m" + s + "\u001b[0m" : s;
        }

        String dim(String s) {
            return on ? "\u001b[2m" + s + "\u001b[0m" : s;
        }

        String green(String s) {
            return on ? "\u001b[32m" + s + "\u001b[0m" : s;
        }

        String yellow(String s) {
            return on ? "\u001b[33m" + s + "\u001b[0m" : s;
        }

        String red(String s) {
            return on ? "\u001b[31m" + s + "\u001b[0m" : s;
        }

        String cyan(String s) {
            return on ? "\u001b[36m" + s + "\u001b[0m" : s;
        }
    }
}
