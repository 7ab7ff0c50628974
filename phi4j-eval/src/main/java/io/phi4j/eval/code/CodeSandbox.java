package io.phi4j.eval.code;

import io.phi4j.PhiException;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Runs model-written Python the way the harness's {@code code_eval} does (the program is the completion, a
 * newline and the tests; it passes when it exits 0 within the time limit), but contained:
 * <ul>
 *   <li>a {@code python3 -I} subprocess in a fresh temporary directory, with an empty environment;</li>
 *   <li>where {@code unshare} works (Linux, root or user namespaces): its own network namespace (no network),
 *   its own PID namespace (when its first process dies, the kernel kills every process it started, so a fork
 *   bomb or a background child cannot outlive it), and as root the program runs as {@code nobody} so the
 *   process-count limit applies;</li>
 *   <li>{@code prlimit}: address space (memory), process count, CPU seconds, file size;</li>
 *   <li>on timeout the whole process tree is killed (the namespace's init, or the process group).</li>
 * </ul>
 */
public final class CodeSandbox {
    /** What became of a program. */
    public enum Status { PASSED, FAILED, TIMED_OUT }

    public record Verdict(Status status, int exitCode, String output) {
        public boolean passed() {
            return status == Status.PASSED;
        }
    }

    private final double timeoutSeconds;
    private final long memoryBytes;
    private final int maxProcesses;
    private final List<String> prefix;
    private final String python;
    private final boolean isolated;

    public CodeSandbox(double timeoutSeconds, long memoryBytes, int maxProcesses) {
        this.timeoutSeconds = timeoutSeconds;
        this.memoryBytes = memoryBytes;
        this.maxProcesses = maxProcesses;
        this.python = Files.isExecutable(Path.of("/usr/bin/python3")) ? "/usr/bin/python3" : "python3";
        List<String> p = isolationPrefix();
        this.isolated = p != null;
        this.prefix = p != null ? p : List.of("setsid");
    }

    /** Default limits: 3 s (as code_eval), 2 GiB of address space, 64 processes. */
    public static CodeSandbox defaults(double timeoutSeconds) {
        return new CodeSandbox(timeoutSeconds, 2L << 30, 64);
    }

    /** True when the network and PID namespaces are in use (no network, no escaping processes). */
    public boolean isolated() {
        return isolated;
    }

    private static boolean isRoot() {
        return "root".equals(System.getProperty("user.name"));
    }

    /** The namespace wrapper if this machine allows it, else null. */
    private List<String> isolationPrefix() {
        List<String> ns = new ArrayList<>(List.of("unshare", "--net", "--pid", "--fork", "--kill-child"));
        if (!isRoot()) {
            ns.add(1, "--map-root-user");
        }
        ns.add("--");
        if (isRoot()) {
            ns.addAll(List.of("setpriv", "--reuid=65534", "--regid=65534", "--clear-groups", "--"));
        }
        List<String> probe = new ArrayList<>(ns);
        probe.add("true");
        try {
            Process p = new ProcessBuilder(probe).redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            if (p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0) {
                return ns;
            }
            p.destroyForcibly();
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return null;
    }

    public Verdict run(String program) {
        Path dir = null;
        try {
            dir = Files.createTempDirectory("phi-eval-");
            Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxrwxrwx"));
            Path file = dir.resolve("program.py");
            Files.writeString(file, program, StandardCharsets.UTF_8);
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
            List<String> cmd = new ArrayList<>(prefix);
            long cpu = (long) Math.ceil(timeoutSeconds) + 1;
            cmd.addAll(List.of("prlimit", "--as=" + memoryBytes, "--nproc=" + maxProcesses, "--cpu=" + cpu,
                    "--fsize=" + (64L << 20), "--core=0", "--", python, "-I", "program.py"));
            ProcessBuilder pb = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true);
            pb.environment().clear();
            pb.environment().put("PATH", "/usr/bin:/bin");
            pb.environment().put("HOME", dir.toString());
            pb.redirectOutput(dir.resolve("output.txt").toFile());
            Process p = pb.start();
            boolean done = p.waitFor((long) (timeoutSeconds * 1000), TimeUnit.MILLISECONDS);
            if (!done) {
                killTree(p);
                return new Verdict(Status.TIMED_OUT, -1, tail(dir.resolve("output.txt")));
            }
            int code = p.exitValue();
            killTree(p); // anything it left behind
            return new Verdict(code == 0 ? Status.PASSED : Status.FAILED, code, tail(dir.resolve("output.txt")));
        } catch (IOException e) {
            throw new PhiException("cannot run python3 for code execution: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PhiException("code execution interrupted");
        } finally {
            if (dir != null) {
                deleteTree(dir);
            }
        }
    }

    /**
     * Kills the program and everything it started: with namespaces, killing {@code unshare} kills the
     * namespace's first process (--kill-child) and with it the whole PID namespace; without, the process
     * group that {@code setsid} created.
     */
    private void killTree(Process p) throws InterruptedException {
        long pid = p.pid();
        if (!isolated) {
            try {
                new ProcessBuilder("kill", "-KILL", "--", "-" + pid).start().waitFor(5, TimeUnit.SECONDS);
            } catch (IOException ignored) {
                // fall through to the descendants
            }
        }
        p.toHandle().descendants().forEach(ProcessHandle::destroyForcibly);
        p.destroyForcibly();
        p.waitFor(5, TimeUnit.SECONDS);
    }

    private static String tail(Path f) {
        try {
            byte[] b = Files.readAllBytes(f);
            int from = Math.max(0, b.length - 2000);
            return new String(b, from, b.length - from, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        }
    }

    private static void deleteTree(Path dir) {
        try (Stream<Path> s = Files.walk(dir)) {
            s.sorted(Comparator.reverseOrder()).forEach(f -> {
                try {
                    Files.deleteIfExists(f);
                } catch (IOException ignored) {
                    // a file a killed process still held; the OS temp cleaner gets it
                }
            });
        } catch (IOException ignored) {
            // nothing more to do
        }
    }
}
