package io.phi4j.server;

import io.phi4j.PhiException;
import io.phi4j.chat.ChatTemplate;

import java.time.Duration;

/**
 * How {@link PhiServer} runs. Defaults: loopback only, port 8080, 4 slots, the model's context (at most 2048)
 * per slot, 64 queued requests, 10 minutes per request, 8 MiB bodies, Phi-2's {@code Instruct:/Output:} chat
 * format, 10 s to finish in-flight requests on shutdown.
 *
 * @param host           address to bind (127.0.0.1 keeps the server private to this machine)
 * @param port           0 picks a free port
 * @param parallel       sequences decoded together (slots, each with its own KV cache)
 * @param contextSize    tokens per slot (prompt + completion); 0 for the model's, at most 2048
 * @param queueLimit     requests that may wait for a slot; beyond it, 429 with Retry-After
 * @param requestTimeout longest a request may take, waiting included; a generation cut short by it ends with
 *                       finish_reason "length"
 * @param maxBodyBytes   largest request body accepted (413 beyond)
 * @param apiKey         when set, every /v1 request needs {@code Authorization: Bearer <apiKey>}
 * @param modelId        the model's name in /v1/models and requests
 * @param chatTemplate   how chat messages become a prompt
 * @param shutdownGrace  on shutdown, how long in-flight generations may run before they are cancelled
 * @param heartbeat      how often a waiting request writes to its client to notice a disconnect
 */
public record ServerConfig(String host, int port, int parallel, int contextSize, int queueLimit,
                           Duration requestTimeout, int maxBodyBytes, String apiKey, String modelId,
                           ChatTemplate chatTemplate, Duration shutdownGrace, Duration heartbeat) {

    public ServerConfig {
        if (host == null || host.isBlank()) {
            throw new PhiException("the host to bind must not be empty");
        }
        if (port < 0 || port > 65535) {
            throw new PhiException("port must be between 0 and 65535, got " + port);
        }
        if (parallel < 1 || parallel > 256) {
            throw new PhiException("parallel slots must be between 1 and 256, got " + parallel);
        }
        if (contextSize < 0) {
            throw new PhiException("context size must be positive (or 0 for the model's), got " + contextSize);
        }
        if (queueLimit < 1) {
            throw new PhiException("the queue limit must be at least 1, got " + queueLimit);
        }
        if (requestTimeout == null || requestTimeout.isNegative() || requestTimeout.isZero()) {
            throw new PhiException("the request timeout must be positive");
        }
        if (maxBodyBytes < 1024) {
            throw new PhiException("the body limit must be at least 1024 bytes, got " + maxBodyBytes);
        }
        if (apiKey != null && apiKey.isBlank()) {
            apiKey = null;
        }
        if (modelId == null || modelId.isBlank()) {
            throw new PhiException("the model id must not be empty");
        }
        if (chatTemplate == null) {
            chatTemplate = ChatTemplate.PHI2_INSTRUCT;
        }
        if (shutdownGrace == null || shutdownGrace.isNegative()) {
            shutdownGrace = Duration.ZERO;
        }
        if (heartbeat == null || heartbeat.toMillis() < 1) {
            throw new PhiException("the heartbeat interval must be at least 1 ms");
        }
    }

    public static ServerConfig defaults(String modelId) {
        return new ServerConfig("127.0.0.1", 8080, 4, 0, 64, Duration.ofMinutes(10), 8 << 20, null, modelId,
                ChatTemplate.PHI2_INSTRUCT, Duration.ofSeconds(10), Duration.ofSeconds(1));
    }

    public ServerConfig withHost(String h) {
        return new ServerConfig(h, port, parallel, contextSize, queueLimit, requestTimeout, maxBodyBytes, apiKey, modelId, chatTemplate, shutdownGrace, heartbeat);
    }

    public ServerConfig withPort(int p) {
        return new ServerConfig(host, p, parallel, contextSize, queueLimit, requestTimeout, maxBodyBytes, apiKey, modelId, chatTemplate, shutdownGrace, heartbeat);
    }

    public ServerConfig withParallel(int n) {
        return new ServerConfig(host, port, n, contextSize, queueLimit, requestTimeout, maxBodyBytes, apiKey, modelId, chatTemplate, shutdownGrace, heartbeat);
    }

    public ServerConfig withContextSize(int n) {
        return new ServerConfig(host, port, parallel, n, queueLimit, requestTimeout, maxBodyBytes, apiKey, modelId, chatTemplate, shutdownGrace, heartbeat);
    }

    public ServerConfig withQueueLimit(int n) {
        return new ServerConfig(host, port, parallel, contextSize, n, requestTimeout, maxBodyBytes, apiKey, modelId, chatTemplate, shutdownGrace, heartbeat);
    }

    public ServerConfig withRequestTimeout(Duration d) {
        return new ServerConfig(host, port, parallel, contextSize, queueLimit, d, maxBodyBytes, apiKey, modelId, chatTemplate, shutdownGrace, heartbeat);
    }

    public ServerConfig withMaxBodyBytes(int n) {
        return new ServerConfig(host, port, parallel, contextSize, queueLimit, requestTimeout, n, apiKey, modelId, chatTemplate, shutdownGrace, heartbeat);
    }

    public ServerConfig withApiKey(String k) {
        return new ServerConfig(host, port, parallel, contextSize, queueLimit, requestTimeout, maxBodyBytes, k, modelId, chatTemplate, shutdownGrace, heartbeat);
    }

    public ServerConfig withModelId(String id) {
        return new ServerConfig(host, port, parallel, contextSize, queueLimit, requestTimeout, maxBodyBytes, apiKey, id, chatTemplate, shutdownGrace, heartbeat);
    }

    public ServerConfig withChatTemplate(ChatTemplate t) {
        return new ServerConfig(host, port, parallel, contextSize, queueLimit, requestTimeout, maxBodyBytes, apiKey, modelId, t, shutdownGrace, heartbeat);
    }

    public ServerConfig withShutdownGrace(Duration d) {
        return new ServerConfig(host, port, parallel, contextSize, queueLimit, requestTimeout, maxBodyBytes, apiKey, modelId, chatTemplate, d, heartbeat);
    }

    public ServerConfig withHeartbeat(Duration d) {
        return new ServerConfig(host, port, parallel, contextSize, queueLimit, requestTimeout, maxBodyBytes, apiKey, modelId, chatTemplate, shutdownGrace, d);
    }
}
