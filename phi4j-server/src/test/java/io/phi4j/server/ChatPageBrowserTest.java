package io.phi4j.server;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.abort;

/**
 * The chat page at {@code /} in headless Chromium, against real servers: {@code src/test/js/chat-page.mjs}
 * (playwright-core) types messages, watches the reply stream in, stops a long reply (and the server must cancel
 * it), reads an error from the server, and goes through the API-key prompt.
 *
 * <p>Needs node, Chromium ({@code /usr/bin/chromium}, system property {@code phi4j.chromium}) and playwright-core
 * installed with npm in {@code ~/.cache/phi4j/playwright} (system property {@code phi4j.playwright}); .ci/run
 * installs them. Without them the test is skipped, unless {@code phi4j.requireBrowser=true} (CI sets it), in
 * which case it fails.
 */
@Tag("browser")
class ChatPageBrowserTest {
    static final String API_KEY = "browser-test-key";

    static Path playwrightDir() {
        String p = System.getProperty("phi4j.playwright");
        if (p == null || p.isBlank()) {
            p = System.getenv("PHI4J_PLAYWRIGHT");
        }
        return p == null || p.isBlank()
                ? Path.of(System.getProperty("user.home"), ".cache", "phi4j", "playwright")
                : Path.of(p);
    }

    static Path chromium() {
        return Path.of(System.getProperty("phi4j.chromium", "/usr/bin/chromium"));
    }

    static Path node() {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            Path n = Path.of(dir, "node");
            if (Files.isExecutable(n)) {
                return n;
            }
        }
        return null;
    }

    /** What is missing to run the browser, or an empty list. */
    static List<String> missing() {
        List<String> missing = new ArrayList<>();
        if (node() == null) {
            missing.add("node is not on the PATH (apt-get install nodejs)");
        }
        if (!Files.isExecutable(chromium())) {
            missing.add(chromium() + " is missing (apt-get install chromium)");
        }
        Path pw = playwrightDir().resolve("node_modules/playwright-core/package.json");
        if (!Files.isRegularFile(pw)) {
            missing.add("playwright-core is not installed in " + playwrightDir()
                    + " (npm install --prefix " + playwrightDir() + " playwright-core@1.65.1, as .ci/run does)");
        }
        return missing;
    }

    @Test
    void theChatPageStreamsStopsShowsErrorsAndAsksForTheKey() throws Exception {
        List<String> missing = missing();
        if (!missing.isEmpty()) {
            String why = "the browser test cannot run: " + String.join("; ", missing);
            if (Boolean.getBoolean("phi4j.requireBrowser")) {
                fail(why + " (phi4j.requireBrowser=true)");
            }
            abort(why);
        }
        Path script = Path.of("src/test/js/chat-page.mjs").toAbsolutePath();
        assertThat(script).exists();
        // The open server has room for a long reply, so that Stop has something to cut short.
        try (TestServer open = TestServer.start(TestServer.config().withContextSize(2048).withParallel(2)
                     // ChatML's only stop string, <|im_end|>, is not something the random test model writes, so no
                     // stop string can end the long reply before the script presses Stop.
                     .withChatTemplate(io.phi4j.chat.ChatTemplate.CHATML));
             TestServer keyed = TestServer.start(TestServer.config().withApiKey(API_KEY))) {
            ProcessBuilder pb = new ProcessBuilder(node().toString(), script.toString()).redirectErrorStream(true);
            pb.environment().put("PHI4J_OPEN_URL", open.root() + "/");
            pb.environment().put("PHI4J_KEY_URL", keyed.root() + "/");
            pb.environment().put("PHI4J_API_KEY", API_KEY);
            pb.environment().put("PHI4J_MODEL_ID", TestServer.MODEL_ID);
            pb.environment().put("PHI4J_PLAYWRIGHT", playwrightDir().toString());
            pb.environment().put("PHI4J_CHROMIUM", chromium().toString());
            Process p = pb.start();
            StringBuilder out = new StringBuilder();
            Thread reader = Thread.ofVirtual().start(() -> {
                try {
                    out.append(new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
                } catch (java.io.IOException ignored) {
                    // the process ended
                }
            });
            if (!p.waitFor(Duration.ofMinutes(4).toSeconds(), TimeUnit.SECONDS)) {
                p.destroyForcibly();
                reader.join(5000);
                fail("the browser script did not finish in 4 minutes:\n" + out);
            }
            reader.join(5000);
            String log = out.toString();
            assertThat(p.exitValue()).as(log).isZero();
            assertThat(log).as(log).doesNotContain("FAIL")
                    .contains("ok the reply arrives in pieces while generating")
                    .contains("ok Stop ends the reply")
                    .containsAnyOf("ok the server cancelled the generation (client_disconnect) and freed its slot",
                            "ok the server freed the slot (the generation ended before the disconnect was seen)")
                    .contains("ok the server's error message is shown")
                    .contains("ok a server with an API key asks for it")
                    .contains("ok requests carry Authorization: Bearer <key>");
            // The slot is free again. Usually the disconnect cancelled the generation; now and then (about one run
            // in five here) the server finishes the stopped reply before it notices the aborted fetch: a known
            // gap, covered for raw sockets by RobustnessTest, to be found (see docs/server.md).
            assertThat(open.metric("phi4j_generations_total{reason=\"client_disconnect\"}")).isLessThanOrEqualTo(1);
            assertThat(open.metric("phi4j_active_sequences")).isZero();
            assertThat(keyed.metric("phi4j_requests_total{endpoint=\"/v1/models\",status=\"401\"}")).isGreaterThanOrEqualTo(2);
        }
    }
}
