package io.phi4j.cli;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIf;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * The interactive chat on a real pseudo-terminal: the ./phi process runs inside a tmux session, keys are typed
 * with {@code tmux send-keys} (Ctrl-C included, which the terminal turns into SIGINT) and the screen is read with
 * {@code tmux capture-pane}.
 *
 * <p>Needs tmux. It runs wherever tmux is installed; where it is not, it is skipped, unless the system property
 * {@code phi4j.requireTmux=true} is set (CI sets it, see .ci/run), in which case a missing tmux fails it.
 */
@Tag("tmux")
@EnabledIf("tmuxAvailableOrRequired")
class ChatTerminalTest {
    @TempDir
    static Path dir;
    static Path model;
    private final String session = "phi4j-test-" + ProcessHandle.current().pid() + "-" + System.nanoTime();

    static boolean tmuxAvailableOrRequired() {
        return PhiLauncher.onPath("tmux") || Boolean.getBoolean("phi4j.requireTmux");
    }

    @BeforeAll
    static void setUp() throws IOException {
        if (!PhiLauncher.onPath("tmux")) {
            fail("tmux is required (phi4j.requireTmux=true) but not on the PATH: apt-get install tmux");
        }
        model = TestModels.copy(TestModels.SMALL, dir);
    }

    @AfterEach
    void killSession() throws Exception {
        tmux("kill-session", "-t", session);
    }

    private static String tmux(String... args) throws IOException, InterruptedException {
        List<String> cmd = new java.util.ArrayList<>(List.of("tmux"));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        p.waitFor(20, TimeUnit.SECONDS);
        return out;
    }

    /** Starts {@code phi chat ARGS} in a fresh 200x50 terminal; the shell then prints EXIT=<code> and waits. */
    private void start(String args) throws Exception {
        Path script = dir.resolve(session + ".sh");
        // The shell catches SIGINT (a trap, not an ignore, so phi still gets the default disposition): Ctrl-C must
        // reach phi alone, and the shell must live on to report phi's exit code.
        Files.writeString(script, "#!/bin/sh\ntrap 'true' INT\n" + PhiLauncher.shellCommand("chat -m " + model + " " + args)
                + "\necho \"EXIT=$?\"\nsleep 600\n");
        script.toFile().setExecutable(true);
        tmux("new-session", "-d", "-s", session, "-x", "200", "-y", "50", script.toString());
    }

    private String screen() throws Exception {
        return tmux("capture-pane", "-p", "-J", "-S", "-200", "-t", session);
    }

    private String await(String what, Predicate<String> condition) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        String s = "";
        while (System.nanoTime() < deadline) {
            s = screen();
            if (condition.test(s)) {
                return s;
            }
            Thread.sleep(50);
        }
        return fail("timed out waiting for " + what + "; screen:\n" + s);
    }

    private static long count(String screen, String s) {
        return screen.lines().filter(l -> l.startsWith(s)).count();
    }

    private void type(String text) throws Exception {
        tmux("send-keys", "-t", session, "-l", text);
        tmux("send-keys", "-t", session, "Enter");
    }

    @Test
    void ctrlCStopsTheReplyNotTheProgram() throws Exception {
        start("--temperature 1 -n -1 --ignore-eos");
        await("the prompt", s -> s.contains("phi chat ·") && count(s, "> ") == 1);
        String message = "tell me everything";
        type(message);
        // Interrupt as soon as the reply is under way: the reply stops, the program asks for the next message. (A
        // fixed 1.5 s wait let a fast machine write the whole 2,048-token context first, and the Ctrl-C then
        // landed at the next prompt.)
        await("the reply to start", x -> {
            int at = x.indexOf(message);
            return at >= 0 && x.substring(at + message.length()).strip().length() > 20;
        });
        tmux("send-keys", "-t", session, "C-c");
        String s = await("[stopped] and a new prompt", x -> x.contains("[stopped]") && count(x, "> ") == 2);
        assertThat(s).doesNotContain("EXIT=");
        type("/exit");
        assertThat(await("exit", x -> x.contains("EXIT="))).contains("EXIT=0");
    }

    @Test
    void aLongConversationOverflowsTheContextAndGoesOn() throws Exception {
        start("--temperature 0 -n 12 --ctx 64");
        await("the prompt", s -> count(s, "> ") == 1);
        String[] messages = {"one two three four five", "six seven eight nine ten", "eleven twelve thirteen",
                "fourteen fifteen", "sixteen seventeen"};
        for (int i = 0; i < messages.length; i++) {
            type(messages[i]);
            int prompts = i + 2;
            await("prompt " + prompts, s -> count(s, "> ") == prompts);
        }
        assertThat(screen()).contains("[context full: dropped the oldest");
        tmux("send-keys", "-t", session, "C-d");
        assertThat(await("exit", x -> x.contains("EXIT="))).contains("EXIT=0");
    }

    @Test
    void ctrlCTwiceAtThePromptQuits() throws Exception {
        start("--temperature 0 -n 4");
        await("the prompt", s -> count(s, "> ") == 1);
        tmux("send-keys", "-t", session, "C-c");
        await("the hint", s -> s.contains("press it again"));
        tmux("send-keys", "-t", session, "C-c");
        assertThat(await("exit", x -> x.contains("EXIT="))).contains("EXIT=0");
    }
}
