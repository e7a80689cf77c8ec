package dev.multidocker.worker.fib;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.math.BigInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class FibonacciTest {

    @ParameterizedTest(name = "fib({0}) = {1}")
    @CsvSource({"0, 1", "1, 1", "2, 2", "3, 3", "4, 5", "5, 8", "7, 21", "9, 55", "10, 89", "40, 165580141",
            "92, 12200160415121876738", "93, 19740274219868223167"})
    void followsTheCourseDefinition(int index, String expected) {
        assertEquals(new BigInteger(expected), Fibonacci.of(index));
    }

    /** Checked against plain addition, an independent method, at every index up to 5,000. */
    @Test
    void agreesWithTheRecurrenceUpToFiveThousand() {
        BigInteger previous = BigInteger.ONE;
        BigInteger current = BigInteger.ONE;
        assertEquals(previous, Fibonacci.of(0));
        for (int index = 1; index <= 5_000; index++) {
            assertEquals(current, Fibonacci.of(index), "fib(" + index + ")");
            BigInteger next = previous.add(current);
            previous = current;
            current = next;
        }
    }

    @Test
    void refusesNegativeIndexes() {
        assertThrows(IllegalArgumentException.class, () -> Fibonacci.of(-1));
    }
}
