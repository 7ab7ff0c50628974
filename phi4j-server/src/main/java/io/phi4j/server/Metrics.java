package io.phi4j.server;

import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongSupplier;

/**
 * The server's counters, gauges and histograms, written in the Prometheus text exposition format (version
 * 0.0.4) for {@code GET /metrics}. Hand-written: a handful of series does not justify a client library.
 */
final class Metrics {
    /** Requests by endpoint and status: key "endpoint\u0000status". */
    private final Map<String, LongAdder> requests = new ConcurrentHashMap<>();
    /** Generations by how they ended (stop, length, client_disconnect, timeout, shutdown, error). */
    private final Map<String, LongAdder> endings = new ConcurrentHashMap<>();
    final LongAdder promptTokens = new LongAdder();
    final LongAdder reusedPromptTokens = new LongAdder();
    final LongAdder completionTokens = new LongAdder();
    final LongAdder decodeSteps = new LongAdder();
    final Histogram batchSize = new Histogram(1, 2, 4, 8, 16, 32, 64, 128);
    final Histogram stepSeconds = new Histogram(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5);
    final Histogram queueSeconds = new Histogram(0.001, 0.01, 0.1, 0.5, 1, 2.5, 5, 10, 30, 60);
    final Histogram firstTokenSeconds = new Histogram(0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30);
    final Histogram requestSeconds = new Histogram(0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300);
    private volatile LongSupplier queueDepth = () -> 0;
    private volatile LongSupplier activeSequences = () -> 0;
    private volatile long slots;

    void request(String endpoint, int status) {
        requests.computeIfAbsent(endpoint + '\u0000' + status, k -> new LongAdder()).increment();
    }

    void ended(String reason) {
        endings.computeIfAbsent(reason, k -> new LongAdder()).increment();
    }

    void gauges(LongSupplier queueDepth, LongSupplier activeSequences, int slots) {
        this.queueDepth = queueDepth;
        this.activeSequences = activeSequences;
        this.slots = slots;
    }

    String render() {
        StringBuilder sb = new StringBuilder(4096);
        header(sb, "phi4j_requests_total", "counter", "HTTP requests by endpoint and status code.");
        new TreeMap<>(requests).forEach((k, v) -> {
            int sep = k.indexOf('\u0000');
            sb.append("phi4j_requests_total{endpoint=\"").append(escape(k.substring(0, sep)))
                    .append("\",status=\"").append(k.substring(sep + 1)).append("\"} ").append(v.sum()).append('\n');
        });
        header(sb, "phi4j_generations_total", "counter",
                "Finished generations by how they ended (stop, length, client_disconnect, timeout, shutdown, error).");
        new TreeMap<>(endings).forEach((k, v) ->
                sb.append("phi4j_generations_total{reason=\"").append(escape(k)).append("\"} ").append(v.sum()).append('\n'));
        counter(sb, "phi4j_prompt_tokens_total", "Prompt tokens received.", promptTokens.sum());
        counter(sb, "phi4j_prompt_tokens_reused_total", "Prompt tokens whose KV entries were reused from a cached slot.",
                reusedPromptTokens.sum());
        counter(sb, "phi4j_completion_tokens_total", "Tokens generated.", completionTokens.sum());
        counter(sb, "phi4j_decode_steps_total", "Batched steps: one pass over the weights each, for every decoding sequence and prompt chunk of the step.", decodeSteps.sum());
        gauge(sb, "phi4j_queue_depth", "Requests waiting for a free slot.", queueDepth.getAsLong());
        gauge(sb, "phi4j_active_sequences", "Sequences holding a slot (prefilling or decoding).", activeSequences.getAsLong());
        gauge(sb, "phi4j_slots", "Parallel sequence slots (--parallel).", slots);
        batchSize.render(sb, "phi4j_batch_size", "Sequences per step (decoding and prompt chunks).");
        stepSeconds.render(sb, "phi4j_decode_step_seconds", "Time of one batched step.");
        queueSeconds.render(sb, "phi4j_queue_wait_seconds", "Time from arrival to getting a slot.");
        firstTokenSeconds.render(sb, "phi4j_time_to_first_token_seconds", "Time from arrival to the first generated token.");
        requestSeconds.render(sb, "phi4j_request_duration_seconds", "Time from arrival to the end of a generation request.");
        return sb.toString();
    }

    private static void header(StringBuilder sb, String name, String type, String help) {
        sb.append("# HELP ").append(name).append(' ').append(help).append('\n');
        sb.append("# TYPE ").append(name).append(' ').append(type).append('\n');
    }

    private static void counter(StringBuilder sb, String name, String help, long value) {
        header(sb, name, "counter", help);
        sb.append(name).append(' ').append(value).append('\n');
    }

    private static void gauge(StringBuilder sb, String name, String help, long value) {
        header(sb, name, "gauge", help);
        sb.append(name).append(' ').append(value).append('\n');
    }

    private static String escape(String label) {
        return label.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n");
    }

    static String number(double v) {
        if (v == Math.rint(v) && Math.abs(v) < 1e15) {
            return Long.toString((long) v);
        }
        return String.format(Locale.ROOT, "%s", v);
    }

    /** A cumulative histogram with fixed upper bounds, as Prometheus expects. */
    static final class Histogram {
        private final double[] bounds;
        private final long[] counts;
        private double sum;
        private long count;

        Histogram(double... bounds) {
            this.bounds = bounds;
            this.counts = new long[bounds.length];
        }

        synchronized void observe(double value) {
            for (int i = 0; i < bounds.length; i++) {
                if (value <= bounds[i]) {
                    counts[i]++;
                }
            }
            sum += value;
            count++;
        }

        synchronized long count() {
            return count;
        }

        synchronized void render(StringBuilder sb, String name, String help) {
            header(sb, name, "histogram", help);
            for (int i = 0; i < bounds.length; i++) {
                sb.append(name).append("_bucket{le=\"").append(number(bounds[i])).append("\"} ").append(counts[i]).append('\n');
            }
            sb.append(name).append("_bucket{le=\"+Inf\"} ").append(count).append('\n');
            sb.append(name).append("_sum ").append(number(sum)).append('\n');
            sb.append(name).append("_count ").append(count).append('\n');
        }
    }
}
