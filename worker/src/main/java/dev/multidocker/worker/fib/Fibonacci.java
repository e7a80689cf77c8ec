package dev.multidocker.worker.fib;

import java.math.BigInteger;

/**
 * Fibonacci as the course defines it: fib(0) = 1, fib(1) = 1, fib(n) = fib(n-1) + fib(n-2), so the
 * course's fib(n) is the standard F(n+1). Fast doubling, O(log n) multiplications, exact:
 * F(2k) = F(k)·(2·F(k+1) − F(k)) and F(2k+1) = F(k)² + F(k+1)².
 */
public final class Fibonacci {

    private Fibonacci() {
    }

    public static BigInteger of(int index) {
        return withNext(index)[0];
    }

    /** {fib(index), fib(index + 1)}: the doubling yields both at the cost of one. */
    static BigInteger[] withNext(int index) {
        if (index < 0) {
            throw new IllegalArgumentException("index must not be negative: " + index);
        }
        return standardPair(index + 1);
    }

    /** {F(n), F(n+1)}, walking the bits of n from the top. */
    private static BigInteger[] standardPair(int n) {
        BigInteger a = BigInteger.ZERO;
        BigInteger b = BigInteger.ONE;
        for (int bit = Integer.SIZE - 1 - Integer.numberOfLeadingZeros(n); bit >= 0; bit--) {
            BigInteger doubled = a.multiply(b.shiftLeft(1).subtract(a));
            BigInteger doubledPlusOne = a.multiply(a).add(b.multiply(b));
            if (((n >>> bit) & 1) == 0) {
                a = doubled;
                b = doubledPlusOne;
            } else {
                a = doubledPlusOne;
                b = doubled.add(doubledPlusOne);
            }
        }
        return new BigInteger[] {a, b};
    }
}
