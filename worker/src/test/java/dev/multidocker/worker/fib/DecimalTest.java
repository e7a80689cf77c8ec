package dev.multidocker.worker.fib;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.math.BigInteger;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;

class DecimalTest {

    /** Zeros inside and at the ends of nine-digit groups, and every length around a group boundary. */
    @ParameterizedTest
    @ValueSource(strings = {"0", "1", "9", "10", "99", "100", "12345678", "99999999", "100000000", "999999999",
            "1000000000", "1000000001", "1000000010", "999999999999999999", "1000000000000000000",
            "1000000000000000000000000000", "123000000000000000456", "100000000200000000300000000"})
    void printsWhatItParsed(String digits) {
        assertEquals(digits, Decimal.parse(digits).toString());
    }

    @ParameterizedTest
    @ValueSource(strings = {"0", "1", "999999999", "1000000000", "999999999999999999", "500000000500000000"})
    void addsWithCarriesAcrossGroups(String digits) {
        BigInteger value = new BigInteger(digits);
        for (BigInteger other : new BigInteger[] {BigInteger.ZERO, BigInteger.ONE, value,
                BigInteger.TEN.pow(27).subtract(BigInteger.ONE)}) {
            Decimal sum = Decimal.parse(digits);
            sum.add(Decimal.parse(other.toString()));
            assertEquals(value.add(other).toString(), sum.toString(), digits + " + " + other);
        }
    }

    @Test
    void addsRandomNumbersOfUpToTwoThousandDigitsAsBigIntegerDoes() {
        Random random = new Random(42);
        for (int trial = 0; trial < 2_000; trial++) {
            BigInteger a = new BigInteger(random.nextInt(7_000) + 1, random);
            BigInteger b = new BigInteger(random.nextInt(7_000) + 1, random);
            Decimal sum = Decimal.parse(a.toString());
            sum.add(Decimal.parse(b.toString()));
            assertEquals(a.add(b).toString(), sum.toString(), a + " + " + b);
        }
    }
}
