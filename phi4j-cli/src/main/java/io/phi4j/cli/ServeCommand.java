package io.phi4j.cli;

import io.phi4j.Model;
import io.phi4j.PhiException;
import io.phi4j.kernel.WorkerPool;
import io.phi4j.chat.ChatTemplate;
import io.phi4j.server.PhiServer;
import io.phi4j.server.ServerConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;

@Command(name = "serve", mixinStandardHelpOptions = true,
        description = {"Serve the model over an OpenAI-compatible HTTP API (/v1/models, /v1/completions,",
                "/v1/chat/completions, /health, /metrics), decoding concurrent requests together.",
                "Stops gracefully on SIGTERM or Ctrl-C."},
        footerHeading = "%nExamples:%n",
        footer = {"  phi serve -m phi-2.Q4_0.gguf",
                "  phi serve -m phi-2.Q4_0.gguf --port 9000 --parallel 8 --ctx 1024 --chat-template phi2-chat",
                "  PHI_API_KEY=secret phi serve -m ./phi-2 --host 0.0.0.0"})
final class ServeCommand implements Callable<Integer> {
    @Mixin ModelOption model;

    @Option(names = "--host", paramLabel = "ADDR", description = "Address to listen on (default: ${DEFAULT-VALUE}, this machine only).")
    String host = "127.0.0.1";

    @Option(names = "--port", paramLabel = "N", description = "Port (default: ${DEFAULT-VALUE}; 0 picks a free one).")
    int port = 8080;

    @Option(names = {"-np", "--parallel"}, paramLabel = "N", description = "Sequences decoded together, each with its own KV cache (default: ${DEFAULT-VALUE}).")
    int parallel = 4;

    @Option(names = {"-c", "--ctx"}, paramLabel = "N", description = "Context per sequence in tokens (default: the model's, at most 2048).")
    int ctx;

    @Option(names = "--api-key", paramLabel = "KEY", description = "Require 'Authorization: Bearer KEY' on /v1 (default: $PHI_API_KEY; none if unset).")
    String apiKey;

    @Option(names = "--alias", paramLabel = "NAME", description = "Model id in the API (default: the file name without extension).")
    String alias;

    @Option(names = "--chat-template", paramLabel = "NAME|FILE", description = "phi2-instruct (Instruct:/Output:), phi2-chat (Alice:/Bob:), chatml, raw, or a JSON template file (default: ${DEFAULT-VALUE}).")
    String chatTemplate = "phi2-instruct";

    @Option(names = "--queue", paramLabel = "N", description = "Requests that may wait for a free slot; more get 429 (default: ${DEFAULT-VALUE}).")
    int queue = 64;

    @Option(names = "--timeout", paramLabel = "SECONDS", description = "Time limit per request, waiting included (default: ${DEFAULT-VALUE}).")
    int timeout = 600;

    @Option(names = "--max-body", paramLabel = "BYTES", description = "Largest request body (default: ${DEFAULT-VALUE}).")
    int maxBody = 8 << 20;

    @Option(names = "--shutdown-grace", paramLabel = "SECONDS", description = "On shutdown, how long running requests may finish (default: ${DEFAULT-VALUE}).")
    int grace = 10;

    @Option(names = "--threads", paramLabel = "N", description = "Worker threads (default: all cores).")
    int threads;

    @Spec picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws InterruptedException {
        if (timeout < 1) {
            throw new PhiException("--timeout must be at least 1 second, got " + timeout);
        }
        String key = apiKey != null ? apiKey : System.getenv("PHI_API_KEY");
        ChatTemplate template = ChatTemplate.named(chatTemplate);
        Path path = model.path();
        String given = model.model != null ? model.model : System.getenv("PHI_MODEL");
        // A Hugging Face repo id (microsoft/phi-2) names the model better than its cache directory does.
        // No --model and no PHI_MODEL: the embedded default model, named after its file (phi4j-tiny).
        String id = alias != null ? alias
                : given == null || given.isBlank() || java.nio.file.Files.exists(Path.of(given)) ? defaultId(path) : given;
        ServerConfig config = ServerConfig.defaults(id).withHost(host).withPort(port).withParallel(parallel)
                .withContextSize(ctx).withApiKey(key).withChatTemplate(template).withQueueLimit(queue)
                .withRequestTimeout(Duration.ofSeconds(timeout)).withMaxBodyBytes(maxBody)
                .withShutdownGrace(Duration.ofSeconds(Math.max(0, grace)));
        if (threads > 0) {
            WorkerPool.setSharedThreads(threads);
        }
        PrintWriter out = spec.commandLine().getOut();
        Model m = Model.load(path);
        PhiServer server;
        try {
            server = PhiServer.start(m, config);
        } catch (RuntimeException e) {
            m.close();
            throw e;
        }
        Thread hook = new Thread(() -> {
            server.close();
            m.close();
        }, "phi4j-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        out.printf("phi: serving %s at %s (%d slots x %d tokens, chat template %s%s)%n", id, server.baseUri(),
                parallel, server.contextSize(), template.name(), key != null ? ", API key required" : "");
        String base = server.baseUri().toString();
        out.printf("phi: chat page at %s%n", base.substring(0, base.length() - "v1".length()));
        out.flush();
        server.awaitShutdown();
        return Main.EXIT_OK;
    }

    static String defaultId(Path path) {
        String name = path.toAbsolutePath().normalize().getFileName().toString();
        return name.toLowerCase().endsWith(".gguf") ? name.substring(0, name.length() - 5)
                : name.toLowerCase().endsWith(".safetensors") ? name.substring(0, name.length() - 12) : name;
    }
}
