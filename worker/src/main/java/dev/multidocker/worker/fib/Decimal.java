package dev.multidocker.worker.fib;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A natural number held in decimal, nine digits to an {@code int}, least significant first, that grows in
 * place. Adding two of these and printing one costs a small fraction of printing a {@code BigInteger} of
 * the same size, which has to divide its binary form by powers of ten.
 */
final class Decimal {

    private static final int LIMB = 1_000_000_000;
    private static final int LIMB_DIGITS = 9;
    private static final byte[] DIGIT_PAIRS = new byte[200];

    static {
        for (int pair = 0; pair < 100; pair++) {
            DIGIT_PAIRS[2 * pair] = (byte) ('0' + pair / 10);
            DIGIT_PAIRS[2 * pair + 1] = (byte) ('0' + pair % 10);
        }
    }

    private int[] limbs;
    private int length;

    private Decimal(int[] limbs, int length) {
        this.limbs = limbs;
        this.length = length;
    }

    /** {@code digits}: decimal digits without sign or leading zeros, as {@code BigInteger.toString} writes them. */
    static Decimal parse(String digits) {
        int length = (digits.length() + LIMB_DIGITS - 1) / LIMB_DIGITS;
        int[] limbs = new int[length + 1];
        for (int limb = 0, end = digits.length(); limb < length; limb++, end -= LIMB_DIGITS) {
            limbs[limb] = Integer.parseInt(digits, Math.max(0, end - LIMB_DIGITS), end, 10);
        }
        return new Decimal(limbs, length);
    }

    /** {@code this += other}. */
    void add(Decimal other) {
        int longer = Math.max(length, other.length);
        if (limbs.length <= longer) {
            // Zero-filled, which the loop relies on past length; the spare room saves a copy per carry.
            limbs = Arrays.copyOf(limbs, longer + longer / 8 + 2);
        }
        int carry = 0;
        for (int limb = 0; limb < longer; limb++) {
            int sum = limbs[limb] + (limb < other.length ? other.limbs[limb] : 0) + carry;
            carry = sum >= LIMB ? 1 : 0;
            limbs[limb] = sum - carry * LIMB;
        }
        limbs[longer] = carry;
        length = longer + carry;
    }

    @Override
    public String toString() {
        int top = limbs[length - 1];
        int topDigits = digitCount(top);
        byte[] text = new byte[topDigits + (length - 1) * LIMB_DIGITS];
        int end = topDigits;
        writeDigits(top, text, end, topDigits);
        for (int limb = length - 2; limb >= 0; limb--) {
            end += LIMB_DIGITS;
            writeDigits(limbs[limb], text, end, LIMB_DIGITS);
        }
        return new String(text, StandardCharsets.ISO_8859_1);
    }

    private static int digitCount(int value) {
        int digits = 1;
        for (int bound = 10; digits < LIMB_DIGITS && value >= bound; bound *= 10) {
            digits++;
        }
        return digits;
    }

    /** The last {@code count} digits of {@code value}, zero-padded, ending before {@code end}. */
    private static void writeDigits(int value, byte[] text, int end, int count) {
        int start = end - count;
        int position = end;
        int rest = value;
        while (position - start >= 2) {
            // rest / 100 as a multiply and shift (exact below 2^32): C1, the compiler the services run
            // with, emits a slow hardware divide even for a constant divisor.
            int quotient = (int) ((rest * 1_374_389_535L) >>> 37);
            int pair = rest - quotient * 100;
            text[--position] = DIGIT_PAIRS[2 * pair + 1];
            text[--position] = DIGIT_PAIRS[2 * pair];
            rest = quotient;
        }
        if (position > start) {
            text[--position] = (byte) ('0' + rest);
        }
    }
}
