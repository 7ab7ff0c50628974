package io.phi4j.server;

import com.sun.net.httpserver.Headers;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;

/**
 * The chat page at {@code /}: three static files (HTML, JavaScript, CSS; no build step, nothing fetched from
 * elsewhere) kept in the jar and read once at startup. The page talks to the same server's {@code /v1} API from
 * the browser, so it needs no endpoint of its own; when the server has an API key the page asks for it.
 */
final class ChatPage {
    /** A file of the page: its bytes and Content-Type. */
    record Asset(byte[] bytes, String contentType) {
    }

    private static final String BASE = "/io/phi4j/server/web/";
    private final Map<String, Asset> assets;

    ChatPage() {
        Asset index = load("index.html", "text/html; charset=utf-8");
        assets = Map.of(
                "/", index,
                "/index.html", index,
                "/chat.js", load("chat.js", "text/javascript; charset=utf-8"),
                "/chat.css", load("chat.css", "text/css; charset=utf-8"),
                "/favicon.svg", load("favicon.svg", "image/svg+xml"));
    }

    /** The asset served at {@code path}, or null. */
    Asset get(String path) {
        return assets.get(path);
    }

    /**
     * Headers for every page file: the page may only load its own files and talk to its own origin, so even a
     * model reply that somehow reached the DOM as markup could not load or send anything elsewhere.
     */
    static void secure(Headers h) {
        h.set("Content-Security-Policy", "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self';"
                + " connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'");
        h.set("X-Content-Type-Options", "nosniff");
        h.set("Referrer-Policy", "no-referrer");
        h.set("Cache-Control", "no-cache");
    }

    private static Asset load(String name, String contentType) {
        try (InputStream in = ChatPage.class.getResourceAsStream(BASE + name)) {
            if (in == null) {
                throw new IllegalStateException("the chat page file " + name + " is missing from the jar");
            }
            return new Asset(in.readAllBytes(), contentType);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
