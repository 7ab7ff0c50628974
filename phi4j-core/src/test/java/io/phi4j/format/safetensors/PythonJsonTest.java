package io.phi4j.format.safetensors;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

class PythonJsonTest {
    /** Expected strings are Python 3.11's repr() of the same doubles. */
    @ParameterizedTest
    @CsvSource({
            "1e-5, 1e-05",
            "1e-4, 0.0001",
            "10000, 10000.0",
            "0.4, 0.4",
            "0.375, 0.375",
            "0.1, 0.1",
            "0.02, 0.02",
            "1e16, 1e+16",
            "1e15, 1000000000000000.0",
            "1.5e-7, 1.5e-07",
            "123456789.125, 123456789.125",
            "-2.5e-10, -2.5e-10",
            "1e100, 1e+100",
            "0, 0.0",
            "-0.0, -0.0",
            "5e-324, 5e-324",
            "1.7976931348623157e308, 1.7976931348623157e+308",
            "0.30000000000000004, 0.30000000000000004",
    })
    void floatReprMatchesPython(double value, String python) {
        assertThat(PythonJson.floatRepr(value)).isEqualTo(python);
    }
}
