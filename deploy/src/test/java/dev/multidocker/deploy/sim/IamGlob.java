package dev.multidocker.deploy.sim;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * IAM's wildcards in actions, resources and StringLike/ArnLike conditions: {@code *} is any run of characters,
 * {@code ?} any one character ("IAM JSON policy elements: Resource", https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_resource.html).
 */
public final class IamGlob {
    private IamGlob() {
    }

    public static String regex(String pattern) {
        StringBuilder regex = new StringBuilder();
        for (char c : pattern.toCharArray()) {
            regex.append(c == '*' ? ".*" : c == '?' ? "." : Pattern.quote(String.valueOf(c)));
        }
        return regex.toString();
    }

    public static boolean matches(String pattern, String value) {
        return Pattern.compile(regex(pattern), Pattern.DOTALL).matcher(value).matches();
    }

    /** Whether some string matches both patterns: a walk over the product of their two automata. */
    public static boolean overlap(String a, String b) {
        Deque<int[]> pending = new ArrayDeque<>();
        Set<Long> seen = new HashSet<>();
        pending.add(new int[] {0, 0});
        while (!pending.isEmpty()) {
            int[] at = pending.poll();
            int i = at[0];
            int j = at[1];
            if (!seen.add(((long) i << 32) | j)) {
                continue;
            }
            if (i == a.length() && j == b.length()) {
                return true;
            }
            char x = i < a.length() ? a.charAt(i) : 0;
            char y = j < b.length() ? b.charAt(j) : 0;
            if (x == '*') {
                pending.add(new int[] {i + 1, j});
            }
            if (y == '*') {
                pending.add(new int[] {i, j + 1});
            }
            if (i < a.length() && j < b.length()) {
                if (x == '*' && y != '*') {
                    pending.add(new int[] {i, j + 1});
                } else if (y == '*' && x != '*') {
                    pending.add(new int[] {i + 1, j});
                } else if (x != '*' && (x == y || x == '?' || y == '?')) {
                    pending.add(new int[] {i + 1, j + 1});
                }
            }
        }
        return false;
    }
}
