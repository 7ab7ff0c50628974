package io.phi4j.eval;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Values printed by CPython 3.11 ({@code random.Random}) and g++ 12 / libstdc++ ({@code std::mt19937}). */
class Mt19937Test {
    @Test
    void cppSeedOneMatchesStdMt19937() {
        Mt19937 r = Mt19937.cpp(1);
        assertThat(new long[] {r.next(), r.next(), r.next()}).containsExactly(1791095845L, 4282876139L, 3093770124L);
    }

    @Test
    void cppUniformIntDistributionMatchesLibstdcxx() {
        Mt19937 g = Mt19937.cpp(1);
        long[] got = new long[6];
        long[] ns = {10042, 10041, 10040, 7, 3, 1000};
        for (int i = 0; i < ns.length; i++) {
            got[i] = g.cppUniformBelow(ns[i]);
        }
        assertThat(got).containsExactly(4187, 10012, 7232, 6, 0, 128);
    }

    @Test
    void pythonSeedMatchesCPython() {
        Mt19937 r = Mt19937.python(1234);
        assertThat(new long[] {r.pyGetrandbits(32), r.pyGetrandbits(32), r.pyGetrandbits(32)})
                .containsExactly(4150886329L, 3342196574L, 1892932127L);
    }

    @Test
    void pythonSampleMatchesCPython() {
        Mt19937 r = Mt19937.python(1234);
        assertThat(r.pySampleIndices(40, 3)).containsExactly(28, 7, 0);
        assertThat(r.pySampleIndices(40, 4)).containsExactly(5, 37, 2, 6);
        assertThat(r.pySampleIndices(100, 10)).containsExactly(98, 45, 30, 2, 3, 44, 82, 79, 61, 78);
        assertThat(Mt19937.python(42).pySampleIndices(7, 7)).containsExactly(5, 0, 6, 2, 4, 3, 1);
    }
}
