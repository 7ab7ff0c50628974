package io.phi4j.eval.code;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Model-written code is contained: an infinite loop is stopped at the time limit, a fork bomb leaves no
 * process behind, a 10 GB allocation fails inside the memory limit, and a network call cannot connect (the
 * target is a server this test opens on 127.0.0.1; the sandbox's own network namespace has no route to it).
 */
class CodeSandboxTest {
    private static CodeSandbox sandbox;

    @BeforeAll
    static void create() {
        sandbox = CodeSandbox.defaults(3.0);
        if ("root".equals(System.getProperty("user.name")) && System.getProperty("os.name").contains("Linux")) {
            assertThat(sandbox.isolated()).as("unshare works for root on Linux").isTrue();
        }
    }

    private static long leftovers() {
        return ProcessHandle.allProcesses()
                .filter(p -> p.info().commandLine().orElse("").contains("-I program.py"))
                .count();
    }

    @Test
    void passingAndFailingPrograms() {
        assertThat(sandbox.run("def add(a, b):\n    return a + b\nassert add(2, 3) == 5\n").status())
                .isEqualTo(CodeSandbox.Status.PASSED);
        CodeSandbox.Verdict v = sandbox.run("def add(a, b):\n    return a * b\nassert add(2, 3) == 5\n");
        assertThat(v.status()).isEqualTo(CodeSandbox.Status.FAILED);
        assertThat(v.output()).contains("AssertionError");
    }

    @Test
    void infiniteLoopIsStoppedAtTheTimeLimit() {
        long t0 = System.nanoTime();
        CodeSandbox.Verdict v = sandbox.run("while True:\n    pass\n");
        double secs = (System.nanoTime() - t0) / 1e9;
        assertThat(v.status()).isEqualTo(CodeSandbox.Status.TIMED_OUT);
        assertThat(secs).isBetween(2.9, 10.0);
        assertThat(leftovers()).isZero();
    }

    @Test
    void forkBombLeavesNothingBehind() throws InterruptedException {
        long t0 = System.nanoTime();
        CodeSandbox.Verdict v = sandbox.run("import os, time\nwhile True:\n    try:\n        os.fork()\n    except OSError:\n        time.sleep(0.01)\n");
        double secs = (System.nanoTime() - t0) / 1e9;
        assertThat(v.passed()).isFalse();
        assertThat(secs).isLessThan(15.0);
        Thread.sleep(500);
        assertThat(leftovers()).as("processes left by the fork bomb").isZero();
    }

    @Test
    void tenGigabyteAllocationFailsInsideTheLimit() {
        CodeSandbox.Verdict v = sandbox.run("x = bytearray(10 * 1024 ** 3)\nprint(len(x))\n");
        assertThat(v.status()).isEqualTo(CodeSandbox.Status.FAILED);
        assertThat(v.output()).contains("MemoryError");
    }

    @Test
    void networkCallCannotConnect() throws IOException, InterruptedException {
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            AtomicBoolean accepted = new AtomicBoolean();
            Thread t = Thread.ofVirtual().start(() -> {
                try {
                    server.accept().close();
                    accepted.set(true);
                } catch (IOException ignored) {
                    // closed when the test ends
                }
            });
            // Outside the sandbox the same program connects (the server is really there).
            String program = "import socket\ns = socket.create_connection(('127.0.0.1', " + server.getLocalPort() + "), timeout=2)\nprint('connected')\n";
            CodeSandbox.Verdict v = sandbox.run(program);
            assertThat(v.status()).isEqualTo(CodeSandbox.Status.FAILED);
            assertThat(v.output()).doesNotContain("connected\n").containsAnyOf("ConnectionRefusedError", "Network is unreachable", "OSError");
            Thread.sleep(200);
            assertThat(accepted.get()).as("the sandboxed program reached the server").isFalse();
            Process p = new ProcessBuilder("/usr/bin/python3", "-c", program).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes());
            p.waitFor();
            assertThat(out).as("control: the same program outside the sandbox").contains("connected");
            t.join(2000);
        }
    }
}
