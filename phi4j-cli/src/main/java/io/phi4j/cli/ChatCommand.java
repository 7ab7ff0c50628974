package io.phi4j.cli;

import io.phi4j.Model;
import io.phi4j.PhiException;
import io.phi4j.chat.ChatTemplate;
import io.phi4j.format.safetensors.AtomicFile;
import io.phi4j.generate.FinishReason;
import io.phi4j.kernel.WorkerPool;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicBoolean;

@Command(name = "chat", mixinStandardHelpOptions = true,
        description = {"Talk with a model, streaming its replies.",
                "Phi-2 is not instruction-tuned; it follows the formats of its model card: --template qa (\"Instruct: …\\nOutput:\", "
                        + "the default), chat (\"Alice: …\\nBob:\") or raw (plain continuation), or a JSON template file "
                        + "{\"system\": \"{system}\\n\", \"user\": \"Alice: {message}\\n\", \"assistant\": \"Bob:{message}\\n\", "
                        + "\"stop\": [\"\\nAlice:\"]}. A reply ends at the end-of-text token or when the model starts the next "
                        + "turn. Earlier turns stay in the context; when it is full the oldest are dropped (with a notice).",
                "On a terminal: Ctrl-C stops the current reply (twice at the prompt quits), Ctrl-D quits, a line ending in \\ "
                        + "continues on the next line; /help lists the commands (/reset, /system, /save FILE, /exit). "
                        + "With standard input from a pipe or file, each line is a message and only the replies are printed."},
        footerHeading = "%nExamples:%n",
        footer = {"  phi chat -m phi-2.Q4_0.gguf",
                "  phi chat -m microsoft/phi-2 --template chat --temperature 0.3",
                "  printf 'What is 2+2?\\nAnd times 10?\\n' | phi chat -m phi-2.gguf --temperature 0"})
final class ChatCommand implements Callable<Integer> {
    private static final String HELP = """
            /help            this list
            /reset           forget the conversation (the system text stays)
            /system [TEXT]   set the system text shown at the top of the prompt (no TEXT: show it)
            /save FILE       write the conversation, as the model sees it, to FILE
            /exit            quit (also /quit, Ctrl-D)
            Ctrl-C stops a reply; a line ending in \\ continues on the next line; start a message with // to send
            one that begins with /.""";

    @Mixin ModelOption model;
    @Mixin SamplingOptions sampling;
    @Mixin QuietOption quiet;

    @Option(names = "--template", paramLabel = "NAME|FILE", description = "qa (default; also phi2-instruct), chat (phi2-chat), chatml, raw, or a JSON template file.")
    String template = "qa";

    @Option(names = "--system", paramLabel = "TEXT", description = "Text at the top of the conversation (e.g. who the assistant is).")
    String system;

    @Option(names = {"-c", "--ctx"}, paramLabel = "N", description = "Context size in tokens (default: the model's, at most 2048).")
    int ctx;

    @Option(names = "--threads", paramLabel = "N", description = "Worker threads (default: all cores).")
    int threads;

    @Spec picocli.CommandLine.Model.CommandSpec spec;

    private final AtomicBoolean generating = new AtomicBoolean();
    private final AtomicBoolean cancel = new AtomicBoolean();
    private volatile long lastPromptInterrupt;

    @Override
    public Integer call() throws IOException {
        ChatTemplate tpl = ChatTemplate.named(template);
        if (threads > 0) {
            WorkerPool.setSharedThreads(threads);
        }
        boolean interactive = Terminal.isTerminal(Terminal.STDIN);
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Terminal.Style style = new Terminal.Style(Terminal.colour(Terminal.STDOUT));
        Terminal.Style errStyle = new Terminal.Style(Terminal.colour(Terminal.STDERR));
        try (Model m = model.load(quiet.progress())) {
            ChatEngine engine = new ChatEngine(m.tokenizer(), m.newSession(ctx), new Conversation(tpl, system),
                    sampling.toOptions(true));
            if (interactive) {
                installInterruptHandler(out);
                if (!quiet.quiet) {
                    err.println(errStyle.dim("phi chat · " + m.info().path().getFileName() + " · template " + tpl.name()
                            + " · context " + engine.contextSize() + " tokens · /help for commands, Ctrl-D to quit"));
                    err.flush();
                }
            }
            BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
            while (true) {
                if (interactive) {
                    out.print(style.bold(style.green("> ")));
                    out.flush();
                }
                String line = readMessage(in, interactive, out, style);
                if (line == null) {
                    if (interactive) {
                        out.println();
                        out.flush();
                    }
                    return Main.EXIT_OK;
                }
                lastPromptInterrupt = 0;
                if (line.isBlank()) {
                    continue;
                }
                if (line.startsWith("/") && !line.startsWith("//")) {
                    if (!command(line.strip(), engine, out, err, errStyle)) {
                        return Main.EXIT_OK;
                    }
                    continue;
                }
                String message = line.startsWith("//") ? line.substring(1) : line;
                answer(engine, message, interactive, out, err, style, errStyle);
            }
        }
    }

    private void answer(ChatEngine engine, String message, boolean interactive, PrintWriter out, PrintWriter err,
                        Terminal.Style style, Terminal.Style errStyle) {
        cancel.set(false);
        generating.set(true);
        ChatEngine.Reply r;
        try {
            r = engine.reply(message, piece -> {
                out.print(piece);
                out.flush();
            }, cancel);
        } finally {
            generating.set(false);
        }
        if (r.tooLong()) {
            err.println(errStyle.yellow("[message too long: " + r.promptTokens() + " tokens, but the context leaves room for "
                    + r.contextRoom() + " (raise --ctx or lower -n); it was not sent]"));
            err.flush();
            return;
        }
        out.println();
        out.flush();
        if (r.droppedTurns() > 0) {
            err.println(errStyle.yellow("[context full: dropped the oldest " + r.droppedTurns() + " turn"
                    + (r.droppedTurns() == 1 ? "" : "s") + " of the conversation]"));
        }
        if (r.finishReason() == FinishReason.CANCELLED) {
            err.println(errStyle.dim("[stopped]"));
        } else if (r.finishReason() == FinishReason.CONTEXT) {
            err.println(errStyle.yellow("[reply cut: the context is full]"));
        } else if (r.finishReason() == FinishReason.LENGTH && interactive) {
            err.println(errStyle.dim("[reply cut at " + sampling.maxTokens + " tokens (-n)]"));
        }
        err.flush();
    }

    /** A message; lines ending in a backslash continue on the next line. Null at end of input. */
    private static String readMessage(BufferedReader in, boolean interactive, PrintWriter out, Terminal.Style style)
            throws IOException {
        StringBuilder b = new StringBuilder();
        while (true) {
            String line = in.readLine();
            if (line == null) {
                return b.isEmpty() ? null : b.toString();
            }
            if (line.endsWith("\\")) {
                b.append(line, 0, line.length() - 1).append('\n');
                if (interactive) {
                    out.print(style.green(". "));
                    out.flush();
                }
                continue;
            }
            return b.append(line).toString();
        }
    }

    /** Runs a slash command; false to quit. */
    private boolean command(String line, ChatEngine engine, PrintWriter out, PrintWriter err, Terminal.Style style) {
        int space = line.indexOf(' ');
        String name = space < 0 ? line : line.substring(0, space);
        String arg = space < 0 ? "" : line.substring(space + 1).strip();
        Conversation c = engine.conversation();
        switch (name) {
            case "/help", "/?" -> err.println(HELP);
            case "/exit", "/quit", "/bye" -> {
                return false;
            }
            case "/reset", "/clear" -> {
                c.reset();
                err.println(style.dim("[conversation cleared]"));
            }
            case "/system" -> {
                if (arg.isEmpty()) {
                    err.println(c.system() == null ? style.dim("[no system text]") : c.system());
                } else {
                    c.setSystem(arg);
                    err.println(style.dim("[system text set]"));
                }
            }
            case "/save" -> {
                if (arg.isEmpty()) {
                    err.println(style.yellow("[/save needs a file name]"));
                } else {
                    try {
                        AtomicFile.writeString(Path.of(arg), c.transcript(0));
                        err.println(style.dim("[saved " + c.turns().size() + " turn" + (c.turns().size() == 1 ? "" : "s")
                                + " to " + arg + "]"));
                    } catch (PhiException | java.nio.file.InvalidPathException e) {
                        err.println(style.yellow("[" + e.getMessage() + "]"));
                    }
                }
            }
            default -> err.println(style.yellow("[unknown command " + name + "; /help lists the commands]"));
        }
        err.flush();
        return true;
    }

    /**
     * Ctrl-C (SIGINT) stops the reply being generated; at the prompt it prints a hint, and a second Ctrl-C in a row
     * quits. sun.misc.Signal is the JDK's only way to handle a signal without native code.
     */
    @SuppressWarnings("removal")
    private void installInterruptHandler(PrintWriter out) {
        try {
            sun.misc.Signal.handle(new sun.misc.Signal("INT"), sig -> {
                if (generating.get()) {
                    cancel.set(true);
                    return;
                }
                long now = System.nanoTime();
                if (lastPromptInterrupt != 0 && now - lastPromptInterrupt < 5_000_000_000L) {
                    out.println();
                    out.flush();
                    System.exit(Main.EXIT_OK);
                }
                lastPromptInterrupt = now;
                out.print("\n(Ctrl-C stops a reply; press it again, type /exit or Ctrl-D to quit)\n> ");
                out.flush();
            });
        } catch (IllegalArgumentException e) {
            // No SIGINT on this platform: Ctrl-C keeps its default meaning.
        }
    }
}
