package io.phi4j.server;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.phi4j.Model;
import io.phi4j.PhiException;

import java.io.IOException;
import java.io.InputStream;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * An OpenAI-compatible HTTP server for one model ({@code phi serve}), on the JDK's {@code com.sun.net.httpserver}
 * with a virtual thread per request. Endpoints: {@code GET /v1/models}, {@code POST /v1/completions},
 * {@code POST /v1/chat/completions} (both with {@code "stream": true} for Server-Sent Events), {@code GET /health}
 * and {@code GET /metrics} (Prometheus), and a chat page at {@code /} ({@link ChatPage}). Concurrent requests are
 * decoded together by a {@link Scheduler}.
 *
 * <pre>{@code
 * try (Model model = Model.load(path);
 *      PhiServer server = PhiServer.start(model, ServerConfig.defaults("phi-2").withPort(0))) {
 *     System.out.println(server.baseUri()); // http://127.0.0.1:PORT/v1
 *     server.awaitShutdown();
 * }
 * }</pre>
 *
 * The caller keeps ownership of the model and closes it after the server.
 */
public final class PhiServer implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(PhiServer.class.getName());
    private static final ObjectMapper MAPPER = new ObjectMapper()
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    private final ServerConfig config;
    private final HttpServer http;
    private final ExecutorService executor;
    private final Scheduler scheduler;
    private final Metrics metrics = new Metrics();
    private final GenerationHandler generation;
    private final OpenAiJson json;
    private final ChatPage page = new ChatPage();
    private final long created = System.currentTimeMillis() / 1000;
    private final byte[] apiKey;
    private final Object lifecycle = new Object();
    private volatile boolean shuttingDown;
    private final AtomicInteger inFlight = new AtomicInteger();
    private boolean stopped;

    private PhiServer(Model model, ServerConfig config) throws IOException {
        this.config = config;
        this.apiKey = config.apiKey() == null ? null : config.apiKey().getBytes(StandardCharsets.UTF_8);
        this.scheduler = new Scheduler(model, config.parallel(), config.contextSize(), config.queueLimit(), metrics);
        this.json = new OpenAiJson(model.tokenizer(), config.modelId());
        this.generation = new GenerationHandler(scheduler, new RequestParser(config.modelId(), config.chatTemplate()),
                model.tokenizer(), json, metrics, model.config().vocabSize(), config.requestTimeout().toNanos(),
                config.heartbeat().toMillis());
        try {
            this.http = HttpServer.create(new InetSocketAddress(config.host(), config.port()), 128);
        } catch (BindException e) {
            scheduler.close();
            throw new PhiException("cannot listen on " + config.host() + ":" + config.port() + ": " + e.getMessage());
        } catch (IOException | RuntimeException e) {
            scheduler.close();
            throw e;
        }
        this.executor = Executors.newVirtualThreadPerTaskExecutor();
        http.setExecutor(executor);
        http.createContext("/", this::route);
        http.start();
    }

    /** Starts serving {@code model}; problems with the configuration or the port are a {@link PhiException}. */
    public static PhiServer start(Model model, ServerConfig config) {
        model.tokenizer(); // fail now, not on the first request, if the model has none
        try {
            return new PhiServer(model, config);
        } catch (IOException e) {
            throw new PhiException("cannot start the server: " + e.getMessage(), e);
        }
    }

    public ServerConfig config() {
        return config;
    }

    public InetSocketAddress address() {
        return http.getAddress();
    }

    /** {@code http://host:port/v1}, the base URL for OpenAI clients. */
    public URI baseUri() {
        InetSocketAddress a = address();
        String host = a.getAddress().getHostAddress();
        if (host.contains(":")) {
            host = "[" + host + "]";
        }
        return URI.create("http://" + host + ":" + a.getPort() + "/v1");
    }

    /** Tokens per slot. */
    public int contextSize() {
        return scheduler.contextSize();
    }

    /**
     * Stops gracefully: new connections are refused and queued requests get 503 at once; running generations may
     * finish within {@code grace}, then are cancelled (a stream gets an error event, a plain request a 503). Safe
     * to call more than once and from a shutdown hook.
     */
    public void shutdown(Duration grace) {
        synchronized (lifecycle) {
            if (stopped) {
                return;
            }
            shuttingDown = true;
            scheduler.shutdown(grace);
            // stop() closes the listening socket at once, then waits for open exchanges; it runs beside us so
            // that our own accounting below decides how long the shutdown takes.
            Thread stopper = Thread.ofPlatform().daemon().name("phi4j-http-stop").start(
                    () -> http.stop((int) Math.max(1, grace.toSeconds() + 3)));
            try {
                scheduler.awaitIdle(grace.plusSeconds(2));
                long end = System.nanoTime() + Duration.ofSeconds(3).toNanos();
                while (inFlight.get() > 0 && System.nanoTime() < end) { // handlers writing their last bytes
                    Thread.sleep(10);
                }
                stopper.join(Duration.ofSeconds(1));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            scheduler.close();
            executor.shutdownNow();
            stopped = true;
            lifecycle.notifyAll();
        }
    }

    /** Blocks until {@link #shutdown} has completed. */
    public void awaitShutdown() throws InterruptedException {
        synchronized (lifecycle) {
            while (!stopped) {
                lifecycle.wait();
            }
        }
    }

    @Override
    public void close() {
        shutdown(config.shutdownGrace());
    }

    private void route(HttpExchange ex) {
        inFlight.incrementAndGet();
        try {
            dispatch(ex);
        } finally {
            inFlight.decrementAndGet();
        }
    }

    private void dispatch(HttpExchange ex) {
        String path = ex.getRequestURI().getPath();
        String method = ex.getRequestMethod();
        String endpoint = switch (path) {
            case "/health", "/metrics", "/v1/models", "/v1/completions", "/v1/chat/completions" -> path;
            default -> path.startsWith("/v1/models/") ? "/v1/models/{id}" : page.get(path) != null ? "page" : "other";
        };
        Reply reply = new Reply(ex, metrics, endpoint);
        ex.getResponseHeaders().set("Access-Control-Allow-Origin", "*");
        try {
            if (method.equals("OPTIONS")) { // CORS preflight, so a page on another origin can call the API
                ex.getResponseHeaders().set("Access-Control-Allow-Methods", "GET, POST, OPTIONS");
                ex.getResponseHeaders().set("Access-Control-Allow-Headers", "Authorization, Content-Type");
                ex.getResponseHeaders().set("Access-Control-Max-Age", "86400");
                reply.send(204, "text/plain", "");
                return;
            }
            switch (endpoint) {
                case "/health" -> {
                    allow(method, "GET");
                    ObjectNode h = OpenAiJson.MAPPER.createObjectNode().put("status", shuttingDown ? "shutting_down" : "ok");
                    reply.json(shuttingDown ? 503 : 200, h);
                }
                case "/metrics" -> {
                    allow(method, "GET");
                    reply.send(200, "text/plain; version=0.0.4; charset=utf-8", metrics.render());
                }
                case "page" -> { // the chat page: static, so no API key needed to load it (it asks for one)
                    allow(method, "GET");
                    ChatPage.Asset a = page.get(path);
                    ChatPage.secure(ex.getResponseHeaders());
                    reply.send(200, a.contentType(), a.bytes());
                }
                case "/v1/models" -> {
                    allow(method, "GET");
                    authorize(ex);
                    ObjectNode list = OpenAiJson.MAPPER.createObjectNode().put("object", "list");
                    list.putArray("data").add(json.modelObject(created));
                    reply.json(200, list);
                }
                case "/v1/models/{id}" -> {
                    allow(method, "GET");
                    authorize(ex);
                    String id = path.substring("/v1/models/".length());
                    if (!id.equals(config.modelId())) {
                        throw new ApiException(404, "invalid_request_error", "model", "model_not_found",
                                "The model '" + id + "' does not exist; this server serves '" + config.modelId() + "'", 0);
                    }
                    reply.json(200, json.modelObject(created));
                }
                case "/v1/completions", "/v1/chat/completions" -> {
                    allow(method, "POST");
                    authorize(ex);
                    generation.handle(readJson(ex), endpoint.equals("/v1/chat/completions"), reply);
                }
                default -> throw ApiException.status(404, "invalid_request_error", "not_found",
                        "no such endpoint: " + method + " " + path
                                + " (try / for the chat page, /v1/models, /v1/completions, /v1/chat/completions, /health, /metrics)");
            }
        } catch (ApiException e) {
            replyError(reply, e);
        } catch (PhiException e) {
            replyError(reply, ApiException.invalid(null, e.getMessage()));
        } catch (IOException e) {
            // the client went away while we answered
        } catch (RuntimeException | Error e) {
            LOG.log(Level.SEVERE, "request failed: " + method + " " + path, e);
            replyError(reply, ApiException.status(500, "server_error", "internal_error",
                    "internal error: " + e.getClass().getSimpleName()));
        } finally {
            reply.finish();
        }
    }

    private void replyError(Reply reply, ApiException e) {
        try {
            if (!reply.committed()) {
                reply.error(e);
            }
        } catch (IOException ignored) {
            // the client is gone
        }
    }

    private static void allow(String method, String allowed) {
        if (!method.equals(allowed) && !(allowed.equals("GET") && method.equals("HEAD"))) {
            throw ApiException.status(405, "invalid_request_error", "method_not_allowed",
                    method + " is not allowed here; use " + allowed);
        }
    }

    private void authorize(HttpExchange ex) {
        if (apiKey == null) {
            return;
        }
        String h = ex.getRequestHeaders().getFirst("Authorization");
        String prefix = "Bearer ";
        byte[] given = h != null && h.regionMatches(true, 0, prefix, 0, prefix.length())
                ? h.substring(prefix.length()).trim().getBytes(StandardCharsets.UTF_8) : new byte[0];
        if (!MessageDigest.isEqual(given, apiKey)) { // constant time: no timing hints about the key
            throw ApiException.status(401, "invalid_request_error", "invalid_api_key", h == null
                    ? "missing API key: send the header 'Authorization: Bearer <key>'"
                    : "invalid API key in the Authorization header");
        }
    }

    private JsonNode readJson(HttpExchange ex) throws IOException {
        int limit = config.maxBodyBytes();
        String declared = ex.getRequestHeaders().getFirst("Content-Length");
        if (declared != null) {
            long n;
            try {
                n = Long.parseLong(declared.trim());
            } catch (NumberFormatException e) {
                throw ApiException.invalid(null, "bad Content-Length header: " + declared);
            }
            if (n > limit) {
                throw tooLarge(limit);
            }
        }
        byte[] body;
        try (InputStream in = ex.getRequestBody()) {
            body = in.readNBytes(limit + 1);
        }
        if (body.length > limit) {
            throw tooLarge(limit);
        }
        if (body.length == 0) {
            throw ApiException.invalid(null, "the request body is empty; send a JSON object");
        }
        try {
            return MAPPER.readTree(body);
        } catch (JsonProcessingException e) {
            String msg = e.getOriginalMessage() == null ? "" : e.getOriginalMessage().lines().findFirst().orElse("");
            var loc = e.getLocation();
            String where = loc == null ? "" : " at line " + loc.getLineNr() + ", column " + loc.getColumnNr();
            throw ApiException.invalid(null, "the request body is not valid JSON" + where + ": " + msg);
        }
    }

    private static ApiException tooLarge(int limit) {
        return ApiException.status(413, "invalid_request_error", "request_too_large",
                "the request body is larger than the limit of " + limit + " bytes");
    }
}
