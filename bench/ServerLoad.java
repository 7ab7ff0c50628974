import java.net.InetAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Load generator for OpenAI-compatible servers (phi serve, llama-server): N concurrent streams of
 * {@code POST /v1/completions} with {@code "stream": true}, each request a different prompt, a fixed number of
 * tokens (ignore_eos) and greedy decoding. Bounded: at most {@code --requests} per stream count and
 * {@code --time-limit} seconds per concurrency level; loopback addresses only.
 *
 * <pre>java bench/ServerLoad.java --url http://127.0.0.1:8080/v1 --label phi4j --concurrency 1,4,8</pre>
 *
 * Prints one Markdown table row per concurrency level: requests, errors, generated tokens, aggregate decode
 * tokens/s (all streams' tokens after their first, over the level's wall time), mean per-stream decode tokens/s,
 * time to first token p50/p99. No dependencies: runs as a single-file source program on JDK 25.
 */
public class ServerLoad {
    private static final Pattern COMPLETION_TOKENS = Pattern.compile("\"completion_tokens\"\\s*:\\s*(\\d+)");
    private static final Pattern TEXT = Pattern.compile("\"text\"\\s*:\\s*\"((?:[^\"\\\\]|\\\\.)*)\"");

    record Result(boolean ok, String error, double ttft, double decodeSeconds, int tokens) {
    }

    public static void main(String[] args) throws Exception {
        String url = "http://127.0.0.1:8080/v1", label = "server", model = null;
        int requests = 3, maxTokens = 64, timeLimit = 300;
        List<Integer> levels = List.of(1, 4, 8);
        boolean header = true;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--url" -> url = args[++i];
                case "--label" -> label = args[++i];
                case "--model" -> model = args[++i];
                case "--requests" -> requests = Integer.parseInt(args[++i]);
                case "--max-tokens" -> maxTokens = Integer.parseInt(args[++i]);
                case "--time-limit" -> timeLimit = Integer.parseInt(args[++i]);
                case "--concurrency" -> levels = List.of(args[++i].split(",")).stream().map(Integer::parseInt).toList();
                case "--no-header" -> header = false;
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        URI base = URI.create(url);
        for (InetAddress a : InetAddress.getAllByName(base.getHost())) {
            if (!a.isLoopbackAddress()) {
                throw new IllegalArgumentException("refusing to load a non-loopback address: " + a);
            }
        }
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
        if (header) {
            System.out.println("| server | streams | requests | errors | tokens | wall s | aggregate decode tok/s "
                    + "| per-stream decode tok/s | TTFT p50 ms | TTFT p99 ms |");
            System.out.println("|---|---|---|---|---|---|---|---|---|---|");
        }
        int promptId = 0;
        for (int streams : levels) {
            // One untimed warm-up request, so JIT compilation and first-touch page faults stay out of the numbers
            // (16 tokens: with 4, phi serve's first level still ran partly unoptimised, TTFT p99 1.8 s at one stream).
            run(http, base, model, 0, 16, timeLimit);
            long deadline = System.nanoTime() + timeLimit * 1_000_000_000L;
            AtomicInteger next = new AtomicInteger(promptId);
            int total = streams * requests;
            promptId += total;
            List<Result> results = Collections.synchronizedList(new ArrayList<>());
            long t0 = System.nanoTime();
            int mt = maxTokens, perStream = requests;
            String m = model;
            try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
                List<Future<?>> fs = new ArrayList<>();
                for (int s = 0; s < streams; s++) {
                    fs.add(pool.submit(() -> {
                        for (int r = 0; r < perStream && System.nanoTime() < deadline; r++) {
                            int id = next.getAndIncrement();
                            long left = Math.max(1, (deadline - System.nanoTime()) / 1_000_000_000L);
                            results.add(run(http, base, m, id, mt, (int) left));
                        }
                        return null;
                    }));
                }
                for (Future<?> f : fs) {
                    f.get();
                }
            }
            double wall = (System.nanoTime() - t0) / 1e9;
            int errors = 0, tokens = 0, decodeTokens = 0;
            List<Double> ttft = new ArrayList<>();
            double streamRate = 0;
            int okCount = 0;
            for (Result r : results) {
                if (!r.ok()) {
                    errors++;
                    System.err.println(label + ": error: " + r.error());
                    continue;
                }
                okCount++;
                tokens += r.tokens();
                decodeTokens += Math.max(0, r.tokens() - 1);
                ttft.add(r.ttft());
                if (r.decodeSeconds() > 0) {
                    streamRate += (r.tokens() - 1) / r.decodeSeconds();
                }
            }
            Collections.sort(ttft);
            System.out.printf(Locale.ROOT, "| %s | %d | %d | %d | %d | %.1f | %.2f | %.2f | %.0f | %.0f |%n", label, streams,
                    results.size(), errors, tokens, wall, decodeTokens / wall, okCount == 0 ? 0 : streamRate / okCount,
                    percentile(ttft, 0.5) * 1000, percentile(ttft, 0.99) * 1000);
        }
    }

    static double percentile(List<Double> sorted, double p) {
        if (sorted.isEmpty()) {
            return Double.NaN;
        }
        int i = (int) Math.ceil(p * sorted.size()) - 1;
        return sorted.get(Math.max(0, Math.min(sorted.size() - 1, i)));
    }

    static final String[] TOPICS = {"a lighthouse keeper", "the history of bread", "a chess tournament", "volcanoes",
            "a violin maker", "the migration of birds", "an old map", "city gardens", "a night train", "glaciers"};

    static Result run(HttpClient http, URI base, String model, int id, int maxTokens, int timeoutSeconds) {
        String prompt = "Request " + id + ". Write a short essay about " + TOPICS[id % TOPICS.length] + ".\\n";
        String body = "{" + (model == null ? "" : "\"model\": \"" + model + "\", ") + "\"prompt\": \"" + prompt
                + "\", \"max_tokens\": " + maxTokens + ", \"temperature\": 0, \"ignore_eos\": true, \"stream\": true,"
                + " \"stream_options\": {\"include_usage\": true}}";
        HttpRequest req = HttpRequest.newBuilder(base.resolve(base.getPath() + "/completions"))
                .timeout(Duration.ofSeconds(timeoutSeconds)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
        long t0 = System.nanoTime();
        try {
            HttpResponse<java.util.stream.Stream<String>> r = http.send(req, HttpResponse.BodyHandlers.ofLines());
            if (r.statusCode() != 200) {
                return new Result(false, "HTTP " + r.statusCode() + ": " + String.join("\n", r.body().toList()), 0, 0, 0);
            }
            long first = 0, last = 0;
            int chunks = 0, usage = -1;
            boolean done = false;
            for (Iterator<String> it = r.body().iterator(); it.hasNext(); ) {
                String line = it.next();
                if (!line.startsWith("data: ")) {
                    continue;
                }
                String data = line.substring(6);
                if (data.equals("[DONE]")) {
                    done = true;
                    break;
                }
                if (data.contains("\"error\"")) {
                    return new Result(false, data, 0, 0, 0);
                }
                Matcher u = COMPLETION_TOKENS.matcher(data);
                if (u.find()) {
                    usage = Integer.parseInt(u.group(1));
                }
                Matcher t = TEXT.matcher(data);
                if (t.find() && !t.group(1).isEmpty()) {
                    long now = System.nanoTime();
                    if (first == 0) {
                        first = now;
                    }
                    last = now;
                    chunks++;
                }
            }
            if (!done) {
                return new Result(false, "stream ended without [DONE]", 0, 0, 0);
            }
            if (first == 0) {
                return new Result(false, "no text was streamed", 0, 0, 0);
            }
            int tokens = usage >= 0 ? usage : chunks;
            return new Result(true, null, (first - t0) / 1e9, (last - first) / 1e9, tokens);
        } catch (Exception e) {
            return new Result(false, e.toString(), 0, 0, 0);
        }
    }
}
