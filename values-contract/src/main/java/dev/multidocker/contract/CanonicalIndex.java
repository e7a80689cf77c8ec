package dev.multidocker.contract;

import java.util.OptionalInt;
import java.util.regex.Pattern;

/**
 * The one spelling of an index that goes into Redis: decimal digits, no sign, no leading zeros. Reading it
 * back is strict so that a field or message written by anything else ({@code "abc"}, {@code "-5"},
 * {@code "1e3"}) is recognised as foreign rather than half-parsed.
 */
public final class CanonicalIndex {

    private static final Pattern CANONICAL = Pattern.compile("0|[1-9][0-9]{0,8}");

    private CanonicalIndex() {
    }

    /** The index that {@code text} spells canonically, or empty when it is anything else. */
    public static OptionalInt parse(String text) {
        if (text == null || !CANONICAL.matcher(text).matches()) {
            return OptionalInt.empty();
        }
        return OptionalInt.of(Integer.parseInt(text));
    }

    public static String format(int index) {
        if (index < 0) {
            throw new IllegalArgumentException("an index is never negative: " + index);
        }
        return Integer.toString(index);
    }
}
