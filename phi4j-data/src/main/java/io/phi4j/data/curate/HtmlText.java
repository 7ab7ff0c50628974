package io.phi4j.data.curate;

import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The visible text of an HTML page, by a small tolerant scanner (no DOM): the content of script, style and other
 * non-text elements is dropped, character references are decoded, block elements become paragraph breaks and
 * {@code <br>}/{@code <li>} line breaks, whitespace is collapsed except inside {@code <pre>}. Broken markup never
 * fails: an unterminated tag or comment ends the text. This mirrors what trafilatura/justext-style extractors keep
 * for FineWeb/C4 (the readable text with its paragraph structure), without their boilerplate scoring.
 */
public final class HtmlText {
    /** Elements whose content is not text a reader sees. */
    private static final Set<String> HIDDEN = Set.of("script", "style", "noscript", "template", "svg", "math",
            "iframe", "object", "canvas", "select", "button");
    /** Elements that start and end a paragraph. */
    private static final Set<String> BLOCK = Set.of("p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "section",
            "article", "header", "footer", "blockquote", "pre", "ul", "ol", "dl", "table", "hr", "form", "nav",
            "aside", "main", "figure", "figcaption", "address", "title", "body", "html", "details", "summary",
            "fieldset", "caption");
    /** Elements that end a line. */
    private static final Set<String> LINE = Set.of("br", "li", "tr", "dt", "dd", "option");
    private static final Map<String, String> ENTITIES = Map.ofEntries(
            Map.entry("amp", "&"), Map.entry("lt", "<"), Map.entry("gt", ">"), Map.entry("quot", "\""),
            Map.entry("apos", "'"), Map.entry("nbsp", "\u00a0"), Map.entry("copy", "©"), Map.entry("reg", "®"),
            Map.entry("trade", "™"), Map.entry("hellip", "…"), Map.entry("mdash", "—"), Map.entry("ndash", "–"),
            Map.entry("lsquo", "‘"), Map.entry("rsquo", "’"), Map.entry("ldquo", "“"), Map.entry("rdquo", "”"),
            Map.entry("bull", "•"), Map.entry("middot", "·"), Map.entry("laquo", "«"), Map.entry("raquo", "»"),
            Map.entry("deg", "°"), Map.entry("times", "×"), Map.entry("divide", "÷"), Map.entry("euro", "€"),
            Map.entry("pound", "£"), Map.entry("yen", "¥"), Map.entry("cent", "¢"), Map.entry("sect", "§"),
            Map.entry("para", "¶"), Map.entry("shy", ""), Map.entry("eacute", "é"), Map.entry("egrave", "è"),
            Map.entry("agrave", "à"), Map.entry("aacute", "á"), Map.entry("ouml", "ö"), Map.entry("uuml", "ü"),
            Map.entry("auml", "ä"), Map.entry("szlig", "ß"), Map.entry("ccedil", "ç"), Map.entry("ntilde", "ñ"),
            Map.entry("plusmn", "±"), Map.entry("micro", "µ"), Map.entry("frac12", "½"), Map.entry("le", "≤"),
            Map.entry("ge", "≥"), Map.entry("ne", "≠"), Map.entry("rarr", "→"), Map.entry("larr", "←"),
            Map.entry("pi", "π"), Map.entry("alpha", "α"), Map.entry("beta", "β"), Map.entry("lambda", "λ"));

    private HtmlText() {
    }

    public static String extract(String html) {
        Out out = new Out();
        int n = html.length();
        int i = 0;
        int pre = 0;
        while (i < n) {
            char c = html.charAt(i);
            if (c != '<') {
                int end = html.indexOf('<', i);
                if (end < 0) {
                    end = n;
                }
                out.text(decodeEntities(html.substring(i, end)), pre > 0);
                i = end;
                continue;
            }
            if (html.startsWith("<!--", i)) {
                int end = html.indexOf("-->", i + 4);
                i = end < 0 ? n : end + 3;
                continue;
            }
            if (html.startsWith("<![CDATA[", i)) {
                int end = html.indexOf("]]>", i + 9);
                out.text(html.substring(i + 9, end < 0 ? n : end), pre > 0);
                i = end < 0 ? n : end + 3;
                continue;
            }
            if (i + 1 < n && (html.charAt(i + 1) == '!' || html.charAt(i + 1) == '?')) {
                int end = html.indexOf('>', i);
                i = end < 0 ? n : end + 1;
                continue;
            }
            boolean closing = i + 1 < n && html.charAt(i + 1) == '/';
            int nameStart = i + (closing ? 2 : 1);
            int nameEnd = nameStart;
            while (nameEnd < n && (Character.isLetterOrDigit(html.charAt(nameEnd)) || html.charAt(nameEnd) == '-')) {
                nameEnd++;
            }
            if (nameEnd == nameStart) {
                // "<" not starting a tag ("a < b"): text
                out.text("<", pre > 0);
                i++;
                continue;
            }
            String name = html.substring(nameStart, nameEnd).toLowerCase(Locale.ROOT);
            int tagEnd = tagEnd(html, nameEnd);
            boolean selfClosing = tagEnd > 0 && html.charAt(tagEnd - 1) == '/';
            i = tagEnd < 0 ? n : tagEnd + 1;
            if (!closing && !selfClosing && HIDDEN.contains(name)) {
                i = skipElement(html, i, name);
                continue;
            }
            if (name.equals("pre")) {
                pre = Math.max(0, pre + (closing ? -1 : 1));
            }
            if (BLOCK.contains(name)) {
                out.paragraph();
            } else if (LINE.contains(name) && !closing) {
                out.line();
            } else if ((name.equals("td") || name.equals("th")) && closing) {
                out.text(" ", false);
            }
        }
        return out.finish();
    }

    /** Index of the '>' that ends a tag whose name ends at {@code from}, honouring quoted attributes; -1 if none. */
    private static int tagEnd(String html, int from) {
        char quote = 0;
        for (int j = from; j < html.length(); j++) {
            char c = html.charAt(j);
            if (quote != 0) {
                if (c == quote) {
                    quote = 0;
                }
            } else if (c == '"' || c == '\'') {
                quote = c;
            } else if (c == '>') {
                return j;
            }
        }
        return -1;
    }

    /** Skips to after {@code </name>} (case-insensitive), or to the end if it never closes. */
    private static int skipElement(String html, int from, String name) {
        int j = from;
        while (true) {
            int lt = html.indexOf("</", j);
            if (lt < 0) {
                return html.length();
            }
            if (html.regionMatches(true, lt + 2, name, 0, name.length())) {
                int end = html.indexOf('>', lt);
                return end < 0 ? html.length() : end + 1;
            }
            j = lt + 2;
        }
    }

    /** Decodes named, decimal and hexadecimal character references; unknown ones stay as written. */
    static String decodeEntities(String s) {
        int amp = s.indexOf('&');
        if (amp < 0) {
            return s;
        }
        StringBuilder sb = new StringBuilder(s.length());
        int i = 0;
        while (amp >= 0) {
            sb.append(s, i, amp);
            int semi = s.indexOf(';', amp);
            String decoded = null;
            if (semi > amp + 1 && semi - amp <= 12) {
                String ref = s.substring(amp + 1, semi);
                decoded = decodeRef(ref);
            }
            if (decoded != null) {
                sb.append(decoded);
                i = semi + 1;
            } else {
                sb.append('&');
                i = amp + 1;
            }
            amp = s.indexOf('&', i);
        }
        sb.append(s, i, s.length());
        return sb.toString();
    }

    private static String decodeRef(String ref) {
        if (ref.startsWith("#")) {
            try {
                int cp = ref.length() > 1 && (ref.charAt(1) == 'x' || ref.charAt(1) == 'X')
                        ? Integer.parseInt(ref.substring(2), 16) : Integer.parseInt(ref.substring(1));
                // HTML maps NUL, surrogates and out-of-range values to U+FFFD
                if (cp <= 0 || cp > Character.MAX_CODE_POINT || (cp >= 0xD800 && cp <= 0xDFFF)) {
                    return "\uFFFD";
                }
                return Character.toString(cp);
            } catch (NumberFormatException e) {
                return null;
            }
        }
        return ENTITIES.get(ref);
    }

    /** Collects text with collapsed whitespace and at most one blank line between paragraphs. */
    private static final class Out {
        private final StringBuilder sb = new StringBuilder();
        private boolean pendingSpace;
        /** 0: none, 1: line break, 2: paragraph break pending. */
        private int pendingBreak;

        void text(String t, boolean preformatted) {
            for (int k = 0; k < t.length(); k++) {
                char c = t.charAt(k);
                if (preformatted && c == '\n') {
                    pendingBreak = Math.max(pendingBreak, 1);
                    flushBreak();
                    continue;
                }
                if (Character.isWhitespace(c) || c == '\u00a0') {
                    if (preformatted && c != '\n') {
                        flushBreak();
                        sb.append(c == '\u00a0' ? ' ' : c);
                    } else {
                        pendingSpace = true;
                    }
                    continue;
                }
                flushBreak();
                if (pendingSpace && sb.length() > 0 && sb.charAt(sb.length() - 1) != '\n') {
                    sb.append(' ');
                }
                pendingSpace = false;
                sb.append(c);
            }
        }

        private void flushBreak() {
            if (pendingBreak > 0 && sb.length() > 0) {
                while (sb.length() > 0 && sb.charAt(sb.length() - 1) == ' ') {
                    sb.setLength(sb.length() - 1);
                }
                sb.append(pendingBreak == 2 ? "\n\n" : "\n");
                pendingSpace = false;
            }
            pendingBreak = 0;
        }

        void paragraph() {
            pendingBreak = 2;
            pendingSpace = false;
        }

        void line() {
            pendingBreak = Math.max(pendingBreak, 1);
            pendingSpace = false;
        }

        String finish() {
            return sb.toString().strip();
        }
    }
}
