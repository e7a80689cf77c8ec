package dev.multidocker.worker.fib;

import java.math.BigInteger;

/**
 * fib(index) in decimal, exactly as {@code Fibonacci.of(index).toString()}, for indexes asked in ascending
 * order, as a backlog is computed. Printing a {@code BigInteger} costs several times the fast doubling that
 * computed it, and in a backlog the next index asked is often only a few above the last one. Such an
 * index is reached by adding the last two values in decimal, which needs neither; any other starts
 * afresh by fast doubling. Not thread-safe: one per batch.
 */
public final class FibonacciDecimals {

    /**
     * Farther than this, a fresh start beats walking. Measured under C1: a fresh start costs as much as
     * about 70 steps near index 40, 60 near 1,000, 180 near 10,000 and 390 near 50,000.
     */
    static final int LONGEST_WALK = 64;

    private int index = -1;
    private String value;
    /** fib(index + 1) while the walk has not needed it in decimal. */
    private BigInteger nextBinary;
    private Decimal current;
    private Decimal next;

    /** fib(index) in decimal; {@code index} is at least the one asked before. */
    public String of(int index) {
        if (index < this.index) {
            throw new IllegalArgumentException("indexes must ascend: " + index + " after " + this.index);
        }
        if (this.index < 0 || index - this.index > LONGEST_WALK) {
            BigInteger[] pair = Fibonacci.withNext(index);
            this.index = index;
            value = pair[0].toString();
            nextBinary = pair[1];
            current = null;
            next = null;
        }
        if (index > this.index) {
            if (current == null) {
                current = Decimal.parse(value);
                next = Decimal.parse(nextBinary.toString());
                nextBinary = null;
            }
            for (; this.index < index; this.index++) {
                current.add(next);
                Decimal previous = current;
                current = next;
                next = previous;
            }
            value = current.toString();
        }
        return value;
    }
}
