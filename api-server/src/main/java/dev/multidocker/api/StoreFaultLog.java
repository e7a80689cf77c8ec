package dev.multidocker.api;

import org.slf4j.Logger;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A store's failures in the log: one line per ten seconds at most, which counts the others. While a store is away
 * every request fails the same way (a paused or unreachable Redis fails each command after its 2 s timeout, for as
 * long as that lasts), and a line per request would bury everything else.
 */
public final class StoreFaultLog {

    private static final long QUIET_NANOS = Duration.ofSeconds(10).toNanos();

    private final Logger log;
    private final String failure;
    private final AtomicLong quietUntil = new AtomicLong(System.nanoTime());
    private final AtomicLong unlogged = new AtomicLong();

    public StoreFaultLog(Logger log, String failure) {
        this.log = log;
        this.failure = failure;
    }

    public void failed(String cause) {
        long now = System.nanoTime();
        long until = quietUntil.get();
        if (now - until < 0 || !quietUntil.compareAndSet(until, now + QUIET_NANOS)) {
            unlogged.incrementAndGet();
            return;
        }
        long others = unlogged.getAndSet(0);
        if (others == 0) {
            log.warn("{}: {}", failure, cause);
        } else {
            log.warn("{}: {} ({} more since the last such line)", failure, cause, others);
        }
    }
}
