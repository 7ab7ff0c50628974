package io.phi4j.train;

import io.phi4j.kernel.WorkerPool;
import io.phi4j.model.PhiConfig;
import io.phi4j.train.kernel.Sgemm;
import io.phi4j.train.kernel.TrainMatMul;
import io.phi4j.train.model.PhiParams;
import io.phi4j.train.model.PhiTrainModel;
import io.phi4j.train.model.TrainInit;
import io.phi4j.train.ops.Dropout;
import io.phi4j.train.optim.AdamW;
import io.phi4j.train.optim.GradClip;
import io.phi4j.train.run.Arch;
import io.phi4j.train.run.Flops;
import io.phi4j.train.run.PeakFlops;

import java.util.Locale;

/**
 * Training throughput on random tokens (no data loading, no checkpoints): {@code TrainBench ARCH BATCH CTX
 * STEPS THREADS [VOCAB]} times full steps (forward, backward, clip, AdamW) and prints one line per step and a
 * JSON summary with tokens/s and MFU against the measured peak of the training matmul. Used by
 * {@code bench/train-vs-llmc.sh}.
 */
public final class TrainBench {
    private TrainBench() {
    }

    public static void main(String[] args) {
        String arch = args[0];
        int batch = Integer.parseInt(args[1]), ctx = Integer.parseInt(args[2]), steps = Integer.parseInt(args[3]);
        int threads = Integer.parseInt(args[4]);
        int vocab = args.length > 5 ? Integer.parseInt(args[5]) : 50304;
        PhiConfig c = Arch.parse(arch + ",vocab=" + vocab, vocab, 0);
        try (WorkerPool pool = new WorkerPool(threads)) {
            double peak = PeakFlops.measure(pool, Sgemm.DEFAULT, 3.0);
            PhiParams p = new PhiParams(c);
            TrainInit.initialize(p, 1);
            TrainMatMul mm = new TrainMatMul(Sgemm.DEFAULT, pool);
            PhiTrainModel m = new PhiTrainModel(p, batch, ctx, mm);
            AdamW opt = new AdamW(p.all(), 0.9, 0.95, 1e-8, 0.1);
            int[] x = new int[batch * ctx], y = new int[batch * ctx];
            double flopsPerToken = Flops.perToken(c, ctx);
            var os = (com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean();
            double best = Double.MAX_VALUE, total = 0, cpuTotal = 0;
            int timed = 0;
            for (int s = 0; s < steps; s++) {
                for (int i = 0; i < x.length; i++) {
                    x[i] = (int) Math.floorMod(Dropout.mix(s * 1000003L + i), (long) vocab);
                    y[i] = (int) Math.floorMod(Dropout.mix(s * 1000003L + i + 7), (long) vocab);
                }
                long t0 = System.nanoTime(), c0 = os.getProcessCpuTime();
                p.zeroGrad();
                double loss = m.forward(x, y);
                long t1 = System.nanoTime();
                m.backward(1f);
                long t2 = System.nanoTime();
                GradClip.clip(pool, p.all(), 1.0);
                opt.update(pool, 1e-4);
                long t3 = System.nanoTime();
                double sec = (t3 - t0) / 1e9, cpu = (os.getProcessCpuTime() - c0) / 1e9;
                System.out.printf(Locale.ROOT, "step %d: loss %.4f, %.0f ms (forward %.0f, backward %.0f, update %.0f), %.1f tok/s, %.1f CPU-s%n",
                        s, loss, sec * 1e3, (t1 - t0) / 1e6, (t2 - t1) / 1e6, (t3 - t2) / 1e6, batch * ctx / sec, cpu);
                if (s > 0) { // the first step includes JIT compilation
                    best = Math.min(best, sec);
                    total += sec;
                    cpuTotal += cpu;
                    timed++;
                }
            }
            double mean = total / Math.max(1, timed);
            peak = Math.max(peak, mm.bestGflops()); // the start-up measurement may have caught a busy moment
            System.out.printf(Locale.ROOT, "{\"arch\":\"%s\",\"params\":%d,\"batch\":%d,\"ctx\":%d,\"threads\":%d,"
                            + "\"mean_step_s\":%.3f,\"best_step_s\":%.3f,\"tok_per_s_mean\":%.1f,\"tok_per_s_best\":%.1f,"
                            + "\"flops_per_token\":%.4g,\"peak_gflops\":%.1f,\"mfu_mean\":%.3f,\"achieved_gflops_mean\":%.1f,\"mean_step_cpu_s\":%.2f,"
                            + "\"load_average\":%.2f}%n",
                    arch, p.count(), batch, ctx, threads, mean, best, batch * ctx / mean, batch * ctx / best, flopsPerToken, peak,
                    flopsPerToken * batch * ctx / mean / (peak * 1e9), flopsPerToken * batch * ctx / mean / 1e9,
                    cpuTotal / Math.max(1, timed), os.getSystemLoadAverage());
        }
    }
}
