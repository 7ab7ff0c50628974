package io.phi4j.bench;

import io.phi4j.kernel.Kernels;
import io.phi4j.kernel.MatMul;
import io.phi4j.kernel.WorkerPool;
import io.phi4j.tensor.GgmlType;
import io.phi4j.tensor.Tensor;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.lang.foreign.Arena;
import java.util.concurrent.TimeUnit;

/**
 * One matmul at a full Phi-2 shape, vector kernel against its scalar twin (and the plain path), in ops/s (one op
 * = one matmul of {@code tokens} input rows). For decode (fewer than 16 tokens) the benchmark cycles through enough copies
 * of the matrix to fill {@code workingSetMb}, so the weights come from memory as in a real model, not from the
 * last-level cache.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector", "--enable-native-access=ALL-UNNAMED",
        "-Xmx4g"})
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class MatMulBenchmark {
    @Param({"Q8_0", "Q4_0", "F16", "BF16", "F32", "Q4_K", "Q6_K"})
    public String type;

    /** rows x cols: attention (2560x2560), MLP up (10240x2560), MLP down (2560x10240). */
    @Param({"2560x2560", "10240x2560", "2560x10240"})
    public String shape;

    @Param({"1", "128"})
    public int tokens;

    @Param({"vector", "scalar"})
    public String kernels;

    @Param({"2"})
    public int threads;

    @Param({"1024"})
    public int workingSetMb;

    /**
     * The most tokens per decode pass (8, 4 or 1; {@code -Dphi4j.decodeGroup}): 8 tokens with 4 take two four-token
     * passes, with 1 eight one-token passes, against the eight-token kernel in the same run. Set before MatMul is
     * loaded (JMH forks a JVM per parameter combination).
     */
    @Param({"8"})
    public int decodeGroup;

    private Arena arena;
    private WorkerPool pool;
    private Tensor[] copies;
    private float[] x, out;
    private Kernels.Mode mode;
    private int next;

    @Setup(Level.Trial)
    public void setUp() {
        System.setProperty("phi4j.decodeGroup", Integer.toString(decodeGroup));
        String[] rc = shape.split("x");
        int rows = Integer.parseInt(rc[0]), cols = Integer.parseInt(rc[1]);
        GgmlType t = GgmlType.parse(type);
        mode = Kernels.Mode.valueOf(kernels.toUpperCase(java.util.Locale.ROOT));
        arena = Arena.ofShared();
        pool = new WorkerPool(threads);
        long bytes = t.byteSize((long) rows * cols);
        int n = tokens < 16 ? (int) Math.max(1, Math.min(64, (workingSetMb << 20L) / bytes)) : 1;
        copies = new Tensor[n];
        copies[0] = RandomWeights.matrix("w", t, rows, cols, 1, arena);
        for (int i = 1; i < n; i++) {
            var seg = arena.allocate(bytes, 64);
            seg.copyFrom(copies[0].data());
            copies[i] = new Tensor("w" + i, t, new long[] {rows, cols}, seg);
        }
        x = RandomWeights.floats(tokens * cols, 2);
        out = new float[tokens * rows];
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        pool.close();
        arena.close();
    }

    @Benchmark
    public float[] matmul() {
        Tensor w = copies[next];
        next = next + 1 == copies.length ? 0 : next + 1;
        MatMul.matmul(pool, w, null, x, tokens, out, mode);
        return out;
    }
}
