package io.phi4j.cli;

import io.phi4j.PhiException;
import picocli.CommandLine;
import picocli.CommandLine.Command;

import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

/** Entry point of the {@code phi} command. Exit codes: 0 ok, 1 runtime failure, 2 usage or input error. */
@Command(name = "phi",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = "Run, inspect, score, convert and quantize Phi-family language models (Phi-1, Phi-1.5, Phi-2) on the JVM.",
        footerHeading = "%nExamples:%n",
        footer = {"  phi chat -m microsoft/phi-2",
                "  phi generate -m phi-2.Q4_0.gguf \"Instruct: What is 27 + 38?\\nOutput:\" --temperature 0",
                "  phi convert ./phi-2 phi-2.Q4_K_M.gguf --type q4_k",
                "  phi init --arch phi-2 --dtype q8_0 --out phi-2-init.gguf",
                "",
                "Exit codes: 0 ok, 1 runtime failure, 2 usage or input error. 'phi COMMAND --help' shows each command's options."})
public final class Main implements Runnable {
    public static final int EXIT_OK = 0;
    public static final int EXIT_FAILURE = 1;
    public static final int EXIT_USAGE = 2;

    /**
     * The subcommands by name, in the order the help lists them. Registered in code rather than in the
     * annotation so that a run of one command builds only that command's model: picocli reflects over every
     * registered command up front, measured at 0.4 s of a 0.5 s start (see {@link #newCommandLine(String...)}).
     */
    private static final Map<String, Supplier<Object>> SUBCOMMANDS = new LinkedHashMap<>();

    static {
        SUBCOMMANDS.put("chat", ChatCommand::new);
        SUBCOMMANDS.put("generate", GenerateCommand::new);
        SUBCOMMANDS.put("score", ScoreCommand::new);
        SUBCOMMANDS.put("eval", EvalCommand::new);
        SUBCOMMANDS.put("tokenize", TokenizeCommand::new);
        SUBCOMMANDS.put("info", InfoCommand::new);
        SUBCOMMANDS.put("bench", BenchCommand::new);
        SUBCOMMANDS.put("serve", ServeCommand::new);
        SUBCOMMANDS.put("convert", ConvertCommand::new);
        SUBCOMMANDS.put("quantize", QuantizeCommand::new);
        SUBCOMMANDS.put("init", InitCommand::new);
        SUBCOMMANDS.put("completion", CompletionCommand::new);
        SUBCOMMANDS.put("data", DataCommand::new);
        SUBCOMMANDS.put("train", TrainCommand::new);
        SUBCOMMANDS.put("grow", GrowCommand::new);
        SUBCOMMANDS.put("help", CommandLine.HelpCommand::new);
    }

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs the command line and returns the exit code. */
    public static int run(String... args) {
        return newCommandLine(args).execute(args);
    }

    /** Runs the command line with the given output streams (tests call this). */
    public static int run(PrintWriter out, PrintWriter err, String... args) {
        CommandLine cl = newCommandLine(args);
        cl.setOut(out);
        cl.setErr(err);
        int code = cl.execute(args);
        out.flush();
        err.flush();
        return code;
    }

    /** The whole command tree (help, completion scripts, recipes). */
    static CommandLine newCommandLine() {
        return newCommandLine(new String[0]);
    }

    /**
     * The command tree for running {@code args}: when the first argument names a command (other than {@code help}
     * and {@code completion}, which need the others), only that command is registered; otherwise all of them, so
     * that the top-level help and the errors for unknown commands are the same as ever.
     */
    static CommandLine newCommandLine(String... commandArgs) {
        CommandLine cl = new CommandLine(new Main());
        String first = commandArgs.length > 0 ? commandArgs[0] : "";
        if (SUBCOMMANDS.containsKey(first) && !first.equals("help") && !first.equals("completion")) {
            cl.addSubcommand(SUBCOMMANDS.get(first).get());
        } else {
            SUBCOMMANDS.values().forEach(command -> cl.addSubcommand(command.get()));
        }
        cl.setExitCodeExceptionMapper(Main::exitCodeOf);
        cl.setExecutionExceptionHandler((ex, commandLine, parseResult) -> {
            reportError(commandLine.getErr(), ex);
            return exitCodeOf(ex);
        });
        cl.setParameterExceptionHandler((ex, args) -> {
            PrintWriter err = ex.getCommandLine().getErr();
            err.println("phi: " + ex.getMessage());
            err.println("Try '" + ex.getCommandLine().getCommandSpec().qualifiedName() + " --help' for more information.");
            return EXIT_USAGE;
        });
        cl.setUsageHelpAutoWidth(true);
        return cl;
    }

    static int exitCodeOf(Throwable ex) {
        return ex instanceof PhiException || ex instanceof CommandLine.ParameterException ? EXIT_USAGE : EXIT_FAILURE;
    }

    /** One line for the user; the stack trace only with PHI_DEBUG=1. */
    static void reportError(PrintWriter err, Throwable ex) {
        String msg = ex.getMessage();
        if (ex instanceof OutOfMemoryError) {
            msg = "out of memory: give the JVM more heap (e.g. PHI_JAVA_OPTS=-Xmx16g) or use a smaller context";
        } else if (!(ex instanceof PhiException) && (msg == null || msg.isBlank())) {
            msg = ex.getClass().getSimpleName();
        } else if (!(ex instanceof PhiException)) {
            msg = ex.getClass().getSimpleName() + ": " + msg;
        }
        err.println("phi: " + msg.replace('\n', ' '));
        if ("1".equals(System.getenv("PHI_DEBUG"))) {
            ex.printStackTrace(err);
        }
        err.flush();
    }
}
