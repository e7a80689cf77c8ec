package dev.multidocker.router;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

/** Waits for a condition that has no event to wait on (a port accepting, a file appearing) by polling it. */
final class Await {

    private static final Duration POLL_INTERVAL = Duration.ofMillis(20);

    private Await() {
    }

    /** True once condition holds; false if it still does not after timeout. */
    static boolean until(Duration timeout, BooleanSupplier condition) {
        Instant deadline = Instant.now().plus(timeout);
        while (!condition.getAsBoolean()) {
            if (Instant.now().isAfter(deadline)) {
                return false;
            }
            LockSupport.parkNanos(POLL_INTERVAL.toNanos());
        }
        return true;
    }
}
