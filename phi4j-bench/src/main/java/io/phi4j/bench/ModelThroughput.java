package io.phi4j.bench;

import io.phi4j.kernel.Kernels;
import io.phi4j.kernel.MatMul;
import io.phi4j.kernel.WorkerPool;
import io.phi4j.tensor.GgmlType;
import io.phi4j.tensor.Tensor;

import java.lang.foreign.Arena;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A quick measurement (not a test, not JMH): every matmul of a full-size Phi-2 (32 layers of q, k, v, out
 * 2560x2560, up 10240x2560, down 2560x10240, plus the 51200x2560 output matrix) in the order the forward pass
 * runs them, for one weight type. Decode runs one token through all of them and reports tokens/s and the
 * weight bytes streamed per second; prefill runs a batch of tokens (the output matrix for the last one only,
 * as the model does) and reports tokens/s and GFLOP/s. Attention, norms and GELU are not included, so the
 * numbers are an upper bound on the model's.
 *
 * <p>Usage: {@code ModelThroughput [--types q8_0,q4_0,f16] [--threads 2] [--layers 32] [--batch 128]
 * [--seconds 10] [--kernels vector|scalar|plain] [--no-prefill] [--no-decode] [--hugepages]}
 */
public final class ModelThroughput {
    private static final int HIDDEN = 2560, FF = 10240, VOCAB = 51200;

    private ModelThroughput() {
    }

    public static void main(String[] args) {
        String types = "q8_0,q4_0,f16";
        int threads = 2, layers = 32, batch = 128;
        double seconds = 10;
        boolean prefill = true, decode = true;
        Kernels.Mode mode = Kernels.defaultMode();
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--types" -> types = args[++i];
                case "--threads" -> threads = Integer.parseInt(args[++i]);
                case "--layers" -> layers = Integer.parseInt(args[++i]);
                case "--batch" -> batch = Integer.parseInt(args[++i]);
                case "--seconds" -> seconds = Double.parseDouble(args[++i]);
                case "--kernels" -> mode = Kernels.Mode.valueOf(args[++i].toUpperCase(Locale.ROOT));
                case "--no-prefill" -> prefill = false;
                case "--no-decode" -> decode = false;
                case "--hugepages" -> RandomWeights.hugePages = true;
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        System.out.printf(Locale.ROOT, "threads %d, layers %d, kernels %s, vector lanes %s%n", threads, layers, mode,
                jdk.incubator.vector.FloatVector.SPECIES_PREFERRED.length());
        try (WorkerPool pool = new WorkerPool(threads)) {
            for (String name : types.split(",")) {
                GgmlType type = GgmlType.parse(name);
                try (Arena arena = Arena.ofShared()) {
                    List<Tensor> ws = build(type, layers, arena);
                    long bytes = 0, elements = 0;
                    for (Tensor w : ws) {
                        bytes += w.data().byteSize();
                        elements += (long) w.rows() * w.cols();
                    }
                    System.out.printf(Locale.ROOT, "%s: %d matrices, %.2f GB, %.2fe9 weights%n", type, ws.size(),
                            bytes / 1e9, elements / 1e9);
                    double scale = 32.0 / layers; // rates below are for the full 32-layer model
                    if (decode) {
                        double[] s = time(pool, ws, 1, mode, seconds, threads);
                        System.out.printf(Locale.ROOT, "  decode : %.3f s/token -> %.2f GB/s, %.2f tok/s"
                                        + " | per CPU-second of %d threads: %.2f GB/s, %.2f tok/s%n",
                                s[0], bytes / s[0] / 1e9, 1 / (s[0] * scale), threads, bytes / s[1] / 1e9,
                                1 / (s[1] * scale));
                    }
                    if (prefill) {
                        double[] s = time(pool, ws, batch, mode, seconds, threads);
                        double flops = 2.0 * batch * (elements - (long) VOCAB * HIDDEN) + 2.0 * VOCAB * HIDDEN;
                        System.out.printf(Locale.ROOT, "  prefill: %d tokens in %.3f s -> %.1f GFLOP/s, %.1f tok/s"
                                        + " | per CPU-second of %d threads: %.1f GFLOP/s, %.1f tok/s%n",
                                batch, s[0], flops / s[0] / 1e9, batch / (s[0] * scale), threads,
                                flops / s[1] / 1e9, batch / (s[1] * scale));
                    }
                }
            }
        }
    }

    private static List<Tensor> build(GgmlType type, int layers, Arena arena) {
        List<Tensor> ws = new ArrayList<>();
        long seed = 1;
        for (int l = 0; l < layers; l++) {
            ws.add(RandomWeights.matrix("q", type, HIDDEN, HIDDEN, seed++, arena));
            ws.add(RandomWeights.matrix("k", type, HIDDEN, HIDDEN, seed++, arena));
            ws.add(RandomWeights.matrix("v", type, HIDDEN, HIDDEN, seed++, arena));
            ws.add(RandomWeights.matrix("o", type, HIDDEN, HIDDEN, seed++, arena));
            ws.add(RandomWeights.matrix("up", type, FF, HIDDEN, seed++, arena));
            ws.add(RandomWeights.matrix("down", type, HIDDEN, FF, seed++, arena));
        }
        ws.add(RandomWeights.matrix("output", type, VOCAB, HIDDEN, seed, arena));
        return ws;
    }

    /**
     * {median wall seconds per pass, median process CPU seconds per pass divided by threads}, after a warm-up
     * pass. The second is what the pass would take with the cores to itself: the machine is shared, and another
     * process's time slices stretch the wall time (but not the memory traffic it competes for).
     */
    private static double[] time(WorkerPool pool, List<Tensor> ws, int tokens, Kernels.Mode mode, double seconds,
                                 int threads) {
        var os = (com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory
                .getOperatingSystemMXBean();
        float[] x = RandomWeights.floats(tokens * FF, 3);
        float[] out = new float[tokens * VOCAB];
        pass(pool, ws, tokens, mode, x, out);
        List<Double> wall = new ArrayList<>(), cpu = new ArrayList<>();
        long end = System.nanoTime() + (long) (seconds * 1e9);
        do {
            long c0 = os.getProcessCpuTime(), t0 = System.nanoTime();
            pass(pool, ws, tokens, mode, x, out);
            wall.add((System.nanoTime() - t0) / 1e9);
            cpu.add((os.getProcessCpuTime() - c0) / 1e9 / threads);
        } while (System.nanoTime() < end || wall.size() < 3);
        wall.sort(null);
        cpu.sort(null);
        return new double[] {wall.get(wall.size() / 2), cpu.get(cpu.size() / 2)};
    }

    private static void pass(WorkerPool pool, List<Tensor> ws, int tokens, Kernels.Mode mode, float[] x, float[] out) {
        for (int i = 0; i < ws.size(); i++) {
            Tensor w = ws.get(i);
            boolean output = i == ws.size() - 1;
            MatMul.matmul(pool, w, null, x, output ? 1 : tokens, out, mode);
        }
    }
}
