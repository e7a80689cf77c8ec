package dev.multidocker.worker.fib;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.math.BigInteger;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class FibonacciTest {

    @ParameterizedTest(name = "fib({0}) = {1}")
    @CsvSource({"0, 1", "1, 1", "2, 2", "3, 3", "4, 5", "5, 8", "7, 21", "9, 55", "10, 89", "40, 165580141",
            "92, 12200160415121876738", "93, 19740274219868223167"})
    void followsTheCourseDefinition(int index, String expected) {
        assertThat(Fibonacci.of(index)).isEqualTo(new BigInteger(expected));
    }

    /**
     * Checked against plain addition, an independent method, at every index up to 5,000: the tests' oracle in
     * fixtures, named in full since this package's Fibonacci is the worker's.
     */
    @Test
    void agreesWithTheRecurrenceUpToFiveThousand() {
        List<BigInteger> oracle = dev.multidocker.fixtures.Fibonacci.upTo(5_000);
        for (int index = 0; index <= 5_000; index++) {
            assertThat(Fibonacci.of(index)).as("fib(%d)", index).isEqualTo(oracle.get(index));
        }
    }

    @Test
    void refusesNegativeIndexes() {
        assertThatIllegalArgumentException().isThrownBy(() -> Fibonacci.of(-1));
    }
}
