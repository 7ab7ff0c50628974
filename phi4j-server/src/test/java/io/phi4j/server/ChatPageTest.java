package io.phi4j.server;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/** The chat page's files over HTTP (the page itself runs in {@link ChatPageBrowserTest}). */
class ChatPageTest {
    static TestServer ts;

    @BeforeAll
    static void start() throws Exception {
        ts = TestServer.start(TestServer.config().withApiKey("page-key"));
    }

    @AfterAll
    static void stop() throws Exception {
        ts.close();
    }

    @ParameterizedTest
    @CsvSource({
            "/, text/html; charset=utf-8, <title>phi4j chat</title>",
            "/index.html, text/html; charset=utf-8, <script src=\"chat.js\" defer></script>",
            "/chat.js, text/javascript; charset=utf-8, v1/chat/completions",
            "/chat.css, text/css; charset=utf-8, .message.assistant",
            "/favicon.svg, image/svg+xml, <svg"})
    void theFilesAreServedWithTheirContentTypeAndWithoutAKey(String path, String type, String content) throws Exception {
        HttpResponse<String> r = ts.get(path);
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type")).hasValue(type);
        assertThat(r.headers().firstValue("Content-Length")).hasValue(Integer.toString(r.body().getBytes(java.nio.charset.StandardCharsets.UTF_8).length));
        assertThat(r.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
        assertThat(r.headers().firstValue("Content-Security-Policy")).hasValueSatisfying(csp ->
                assertThat(csp).contains("default-src 'none'").contains("script-src 'self'").contains("connect-src 'self'"));
        assertThat(r.body()).contains(content);
        // The API itself still needs the key.
        assertThat(ts.get("/v1/models").statusCode()).isEqualTo(401);
    }

    @Test
    void thePageLoadsNothingFromElsewhere() throws Exception {
        // Every src/href in the HTML is one of the server's own files; no URL with a scheme or host anywhere.
        String html = ts.get("/").body();
        Matcher m = Pattern.compile("(?:src|href)=\"([^\"]*)\"").matcher(html);
        int refs = 0;
        while (m.find()) {
            refs++;
            assertThat(ts.get("/" + m.group(1)).statusCode()).as(m.group(1)).isEqualTo(200);
        }
        assertThat(refs).isEqualTo(3);
        for (String path : new String[]{"/", "/chat.js", "/chat.css"}) {
            assertThat(ts.get(path).body()).as(path).doesNotContainPattern("(?i)https?://|//[a-z0-9.-]+\\.[a-z]{2,}/");
        }
    }

    @Test
    void headWorksAndOtherMethodsAreRefused() throws Exception {
        HttpResponse<String> head = ts.http.send(HttpRequest.newBuilder(URI.create(ts.root() + "/chat.js"))
                .method("HEAD", HttpRequest.BodyPublishers.noBody()).timeout(Duration.ofSeconds(30)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(head.statusCode()).isEqualTo(200);
        assertThat(head.body()).isEmpty();
        HttpResponse<String> post = ts.post("/", "{}");
        assertThat(post.statusCode()).isEqualTo(405);
        assertThat(TestServer.json(post.body()).at("/error/message").asText()).isEqualTo("POST is not allowed here; use GET");
        HttpResponse<String> missing = ts.get("/chat.mjs");
        assertThat(missing.statusCode()).isEqualTo(404);
        assertThat(TestServer.json(missing.body()).at("/error/message").asText()).contains("try / for the chat page");
    }
}
