package io.phi4j.cli;

import io.phi4j.PhiException;
import picocli.CommandLine;
import picocli.CommandLine.Command;

import java.io.PrintWriter;

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
                "Exit codes: 0 ok, 1 runtime failure, 2 usage or input error. 'phi COMMAND --help' shows each command's options."},
        subcommands = {
                ChatCommand.class,
                GenerateCommand.class,
                ScoreCommand.class,
                EvalCommand.class,
                TokenizeCommand.class,
                InfoCommand.class,
                BenchCommand.class,
                ServeCommand.class,
                ConvertCommand.class,
                QuantizeCommand.class,
                InitCommand.class,
                CompletionCommand.class,
                DataCommand.class,
                TrainCommand.class,
                GrowCommand.class,
                CommandLine.HelpCommand.class
        })
public final class Main implements Runnable {
    public static final int EXIT_OK = 0;
    public static final int EXIT_FAILURE = 1;
    public static final int EXIT_USAGE = 2;

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
        return newCommandLine().execute(args);
    }

    /** Runs the command line with the given output streams (tests call this). */
    public static int run(PrintWriter out, PrintWriter err, String... args) {
        CommandLine cl = newCommandLine();
        cl.setOut(out);
        cl.setErr(err);
        int code = cl.execute(args);
        out.flush();
        err.flush();
        return code;
    }

    static CommandLine newCommandLine() {
        CommandLine cl = new CommandLine(new Main());
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
