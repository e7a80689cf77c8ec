package dev.multidocker.deploy.health;

import java.time.Duration;

/** Exponential backoff: the first retry comes quickly, a long outage is not hammered. */
final class Backoff {
    private static final Duration CAP = Duration.ofSeconds(30);
    private final Duration max;
    private Duration next;

    Backoff(Duration initial) {
        this.next = initial;
        Duration sixteenTimes = initial.multipliedBy(16);
        this.max = sixteenTimes.compareTo(CAP) < 0 ? sixteenTimes : (initial.compareTo(CAP) > 0 ? initial : CAP);
    }

    Duration next() {
        Duration current = next;
        Duration doubled = next.multipliedBy(2);
        next = doubled.compareTo(max) < 0 ? doubled : max;
        return current;
    }
}
