package io.phi4j.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.phi4j.Model;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** `phi chat` with messages from a pipe (non-interactive), in process, on the small reference model. */
class ChatCommandTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    @TempDir
    static Path dir;
    static Path model;

    @BeforeAll
    static void setUp() throws IOException {
        model = TestModels.copy(TestModels.SMALL, dir);
    }

    private static CliRun chat(String stdin, String... extra) {
        String[] args = new String[extra.length + 5];
        args[0] = "chat";
        args[1] = "-m";
        args[2] = model.toString();
        args[3] = "--temperature";
        args[4] = "0";
        System.arraycopy(extra, 0, args, 5, extra.length);
        return CliRun.runWithStdin(stdin, args);
    }

    private static String generateJson(String prompt, String... extra) throws IOException {
        String[] args = new String[extra.length + 9];
        System.arraycopy(new String[] {"generate", "-m", model.toString(), "--temperature", "0", "--json", "--no-escape",
                "--prompt", prompt}, 0, args, 0, 9);
        System.arraycopy(extra, 0, args, 9, extra.length);
        CliRun r = CliRun.run(args);
        assertThat(r.exitCode()).as(r.err()).isZero();
        return JSON.readTree(r.out()).get("text").asText();
    }

    @Test
    void eachPipedLineIsAMessageAndOnlyRepliesArePrinted() throws IOException {
        Path saved = dir.resolve("qa.txt");
        CliRun r = chat("What is the capital of France?\nAnd of Italy?\n/save " + saved + "\n", "-n", "12");
        assertThat(r.exitCode()).as(r.err()).isZero();
        List<String> lines = r.out().lines().toList();
        assertThat(lines).hasSize(2);
        // The first reply is exactly what generate gives for the QA prompt with the template's stops.
        String first = generateJson("Instruct: What is the capital of France?\nOutput:", "-n", "12", "--stop",
                "\nInstruct:", "--stop", "\nOutput:");
        assertThat(lines.getFirst()).isEqualTo(first.strip());
        // The second prompt carries the first exchange, the reply laid out as the shared template (and so
        // phi serve) lays out an earlier answer: "Output: <answer>\n".
        String transcript = Files.readString(saved);
        assertThat(transcript).startsWith("Instruct: What is the capital of France?\nOutput: " + first.strip() + "\n"
                + "Instruct: And of Italy?\nOutput:");
        String second = generateJson("Instruct: What is the capital of France?\nOutput: " + first.strip()
                + "\nInstruct: And of Italy?\nOutput:", "-n", "12", "--stop", "\nInstruct:", "--stop", "\nOutput:");
        assertThat(lines.get(1)).isEqualTo(second.strip());
        assertThat(r.err()).contains("[saved 2 turns to");
    }

    @Test
    void aConversationThatOverflowsTheContextDropsTheOldestTurns() throws IOException {
        Path saved = dir.resolve("overflow.txt");
        String messages = "one two three four five\nsix seven eight nine ten\neleven twelve thirteen\n"
                + "fourteen fifteen sixteen\nseventeen eighteen\nnineteen twenty\n/save " + saved + "\n";
        CliRun r = chat(messages, "--ctx", "64", "-n", "10");
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.out().lines().count()).isEqualTo(6);
        assertThat(r.err()).contains("[context full: dropped the oldest");
        String transcript = Files.readString(saved);
        assertThat(transcript).doesNotContain("one two three").contains("Instruct: nineteen twenty\nOutput:");
        try (Model m = Model.load(model)) {
            // What is left fits the context with room for a reply (64 - min(10, 32) tokens).
            assertThat(m.tokenizer().encode(transcript).length).isLessThanOrEqualTo(64);
        }
    }

    @Test
    void aMessageLongerThanTheContextIsRefusedAndTheChatGoesOn() {
        String longMessage = "word ".repeat(80);
        CliRun r = chat(longMessage + "\nshort one\n", "--ctx", "64", "-n", "8");
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.err()).contains("[message too long:");
        assertThat(r.out().lines().count()).isEqualTo(1);
    }

    @Test
    void chatAndRawTemplatesAndACustomTemplateFile() throws IOException {
        Path saved = dir.resolve("chat.txt");
        CliRun chat = chat("hello\n/save " + saved + "\n", "--template", "chat", "-n", "6", "--system", "A talk.");
        assertThat(chat.exitCode()).as(chat.err()).isZero();
        assertThat(Files.readString(saved)).startsWith("A talk.\nAlice: hello\nBob:");

        Path raw = dir.resolve("raw.txt");
        CliRun r = chat("def f(x):\n/save " + raw + "\n", "--template", "raw", "-n", "6");
        String continuation = generateJson("def f(x):", "-n", "6");
        assertThat(r.out()).isEqualTo(continuation + "\n");
        assertThat(Files.readString(raw)).isEqualTo("def f(x):" + continuation);

        // A custom template whose stop string occurs in the reply cuts it there.
        String full = generateJson("Q: hello\nA:", "-n", "12");
        String stop = full.substring(4, 6);
        Path tpl = dir.resolve("tpl.json");
        Files.writeString(tpl, JSON.writeValueAsString(java.util.Map.of("user", "Q: {message}\n", "assistant", "A:{message}\n",
                "stop", List.of(stop))));
        CliRun custom = chat("hello\n", "--template", tpl.toString(), "-n", "12");
        assertThat(custom.exitCode()).as(custom.err()).isZero();
        assertThat(custom.out()).isEqualTo(full.substring(0, full.indexOf(stop)).strip() + "\n");
    }

    @Test
    void slashCommands() throws IOException {
        Path saved = dir.resolve("cmds.txt");
        CliRun r = chat("/help\nfirst\n/reset\n/system Be brief.\n/system\n//slash message\n/bogus\n/save " + saved
                + "\n/exit\nnever sent\n", "-n", "4");
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.err()).contains("/save FILE").contains("[conversation cleared]").contains("[system text set]")
                .contains("Be brief.").contains("[unknown command /bogus");
        assertThat(r.out().lines().count()).isEqualTo(2);
        assertThat(Files.readString(saved)).startsWith("Be brief.\nInstruct: /slash message\nOutput:")
                .doesNotContain("first").doesNotContain("never sent");
    }

    @Test
    void templateErrorsAreOneLineUsageErrors() throws IOException {
        CliRun missing = chat("hi\n", "--template", dir.resolve("nope.json").toString());
        assertThat(missing.exitCode()).isEqualTo(2);
        assertThat(missing.err().strip()).startsWith("phi: unknown chat template").doesNotContain("\n");
        Path bad = dir.resolve("bad.json");
        Files.writeString(bad, "{\"user\": \"no placeholder\", \"assistant\": \"A:{message}\"}");
        CliRun invalid = chat("hi\n", "--template", bad.toString());
        assertThat(invalid.exitCode()).isEqualTo(2);
        assertThat(invalid.err().strip()).contains("the user pattern must contain {content}").doesNotContain("\n");
        Files.writeString(bad, "{not json");
        CliRun notJson = chat("hi\n", "--template", bad.toString());
        assertThat(notJson.exitCode()).isEqualTo(2);
        assertThat(notJson.err().strip()).contains("not a valid JSON chat template").doesNotContain("\n");
    }

    @Test
    void helpShowsExamples() {
        CliRun help = CliRun.run("chat", "--help");
        assertThat(help.out()).contains("--template").contains("/save").contains("Examples:");
    }

    @SuppressWarnings("unused")
    private static JsonNode parse(String s) throws IOException {
        return JSON.readTree(s);
    }
}
