package io.phi4j.train.kernel;

import io.phi4j.kernel.WorkerPool;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;

/** The vector GEMM, its scalar twin and a float64 triple loop agree, for every operand layout and edge shape. */
class SgemmTest {
    private static WorkerPool pool;

    @BeforeAll
    static void start() {
        pool = new WorkerPool(2);
    }

    @AfterAll
    static void stop() {
        pool.close();
    }

    @Test
    void vectorKernelIsInUseOnThisMachine() {
        // AVX2 / AVX-512 machines (all CI runners) must get the vector path; otherwise training is 10x slower.
        assertThat(Sgemm.DEFAULT.isVector()).isEqualTo(jdk.incubator.vector.FloatVector.SPECIES_PREFERRED.length() >= 8);
        assertThat(Sgemm.SCALAR.isVector()).isFalse();
    }

    @ParameterizedTest
    @CsvSource({
            "1, 1, 1, false, false", "7, 5, 3, false, false", "6, 32, 256, false, false", "13, 33, 257, true, false",
            "130, 70, 300, false, true", "64, 1030, 40, true, true", "300, 17, 600, false, false", "5, 2100, 9, true, false",
            "121, 64, 513, false, true"})
    void vectorAndScalarAgreeWithFloat64(int m, int n, int k, boolean transA, boolean transB) {
        SplittableRandom r = new SplittableRandom(m * 31L + n * 7L + k);
        float[] a = random(m * k, r), b = random(k * n, r);
        MatrixView av = transA ? MatrixView.rowMajor(a, m).transposed() : MatrixView.rowMajor(a, k);
        MatrixView bv = transB ? MatrixView.rowMajor(b, k).transposed() : MatrixView.rowMajor(b, n);
        float[] c0 = random(m * n, r);
        float[] cv = c0.clone(), cs = c0.clone(), cvParallel = c0.clone();
        Sgemm.DEFAULT.multiply(m, n, k, av, bv, MatrixView.rowMajor(cv, n), true);
        Sgemm.SCALAR.multiply(m, n, k, av, bv, MatrixView.rowMajor(cs, n), true);
        Sgemm.DEFAULT.multiply(pool, m, n, k, av, bv, MatrixView.rowMajor(cvParallel, n), true);
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                double ref = c0[i * n + j];
                double mag = Math.abs(ref);
                for (int p = 0; p < k; p++) {
                    ref += (double) av.get(i, p) * bv.get(p, j);
                    mag += Math.abs((double) av.get(i, p) * bv.get(p, j));
                }
                double tol = 1e-6 * mag + 1e-30;
                assertThat((double) cv[i * n + j]).as("vector (%d,%d)", i, j).isCloseTo(ref, org.assertj.core.data.Offset.offset(tol));
                assertThat((double) cs[i * n + j]).as("scalar (%d,%d)", i, j).isCloseTo(ref, org.assertj.core.data.Offset.offset(tol));
            }
        }
        // The same fma chain per element in both kernels, and the split between threads changes nothing.
        assertThat(cs).isEqualTo(cv);
        assertThat(cvParallel).isEqualTo(cv);
    }

    @Test
    void overwriteModeIgnoresOldContentAndSubmatrixViewsStayInside() {
        SplittableRandom r = new SplittableRandom(3);
        int m = 9, n = 40, k = 11, ldc = 50;
        float[] a = random(m * k, r), b = random(k * n, r);
        float[] c = new float[m * ldc + 5];
        java.util.Arrays.fill(c, Float.NaN);
        Sgemm.DEFAULT.multiply(m, n, k, MatrixView.rowMajor(a, k), MatrixView.rowMajor(b, n),
                new MatrixView(c, 5, ldc, 1), false);
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < ldc; j++) {
                float v = c[5 + i * ldc + j];
                if (j < n) {
                    assertThat(v).as("(%d,%d)", i, j).isNotNaN();
                } else if (5 + i * ldc + j < c.length) {
                    assertThat(v).as("outside (%d,%d)", i, j).isNaN();
                }
            }
        }
        assertThat(c[0]).isNaN();
    }

    static float[] random(int n, SplittableRandom r) {
        float[] x = new float[n];
        for (int i = 0; i < n; i++) {
            x[i] = (float) (r.nextDouble() * 2 - 1);
        }
        return x;
    }
}
