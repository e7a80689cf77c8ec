package dev.multidocker.worker.fib;

import org.junit.jupiter.api.Test;

import java.util.Random;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** The text stored for a user must be exactly what {@code BigInteger.toString} prints, however it is reached. */
class FibonacciDecimalsTest {

    @Test
    void walkingOneByOneUpToTenThousandPrintsWhatBigIntegerPrints() {
        FibonacciDecimals decimals = new FibonacciDecimals();
        for (int index = 0; index <= 10_000; index++) {
            assertEquals(Fibonacci.of(index).toString(), decimals.of(index), "fib(" + index + ")");
        }
    }

    @Test
    void gapsAtAndAroundTheLongestWalkGiveTheSameValues() {
        int longest = FibonacciDecimals.LONGEST_WALK;
        int[] gaps = {1, 2, longest - 1, longest, longest + 1, 1, 9_000, longest, 0, 1};
        FibonacciDecimals decimals = new FibonacciDecimals();
        int index = 3;
        for (int gap : gaps) {
            index += gap;
            assertEquals(Fibonacci.of(index).toString(), decimals.of(index),
                    "fib(" + index + ") after a gap of " + gap);
        }
    }

    @Test
    void aSortedBacklogWithRandomGapsGivesTheSameValues() {
        int[] ascending = new Random(7).ints(2_000, 0, 12_000).sorted().toArray();
        FibonacciDecimals decimals = new FibonacciDecimals();
        for (int index : ascending) {
            assertEquals(Fibonacci.of(index).toString(), decimals.of(index), "fib(" + index + ")");
        }
    }

    @Test
    void refusesIndexesThatDescendOrAreNegative() {
        FibonacciDecimals decimals = new FibonacciDecimals();
        decimals.of(10);
        assertThrows(IllegalArgumentException.class, () -> decimals.of(9));
        assertThrows(IllegalArgumentException.class, () -> new FibonacciDecimals().of(-1));
    }

    @Test
    void theCoursesSmallValuesAreUnchanged() {
        FibonacciDecimals decimals = new FibonacciDecimals();
        assertEquals("1 1 2 3 5 8 13 21 34 55 89", String.join(" ",
                IntStream.rangeClosed(0, 10).mapToObj(decimals::of).toList()));
        assertEquals("165580141", decimals.of(40));
    }
}
