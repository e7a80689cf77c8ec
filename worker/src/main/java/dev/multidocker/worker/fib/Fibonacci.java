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
        if (index < 0) {
            throw new IllegalArgumentException("index must not be negative: " + index);
        }
        int n = index + 1;
        // {a, b} = {F(k), F(k+1)} for k = the bits of n read so far, from the top.
        BigInteger a = BigInteger.ZERO;
        BigInteger b = BigInteger.ONE;
        for (int bit = Integer.SIZE - 1 - Integer.numberOfLeadingZeros(n); bit >= 0; bit--) {
            BigInteger doubled = a.multiply(b.shiftLeft(1).subtract(a));
            BigInteger doubledPlusOne = a.multiply(a).add(b.multiply(b));
            boolean one = ((n >>> bit) & 1) == 1;
            a = one ? doubledPlusOne : doubled;
            b = one ? doubled.add(doubledPlusOne) : doubledPlusOne;
        }
        return a;
    }
}
