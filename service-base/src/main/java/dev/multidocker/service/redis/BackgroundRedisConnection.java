package dev.multidocker.service.redis;

import io.lettuce.core.api.StatefulRedisConnection;
import io.micronaut.scheduling.TaskScheduler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * A Redis connection that is opened in the background and retried until Redis answers, so that a service
 * starts (and reports not-ready) while Redis is down. Lettuce reconnects an established connection by
 * itself, but it does not retry the first connect.
 */
public final class BackgroundRedisConnection<C extends StatefulRedisConnection<String, String>>
        implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(BackgroundRedisConnection.class);
    private static final Duration FIRST_RETRY = Duration.ofMillis(100);
    private static final Duration LONGEST_RETRY = Duration.ofSeconds(2);

    private final String name;
    private final Supplier<C> opener;
    private final Consumer<C> onOpened;
    private final TaskScheduler attempts;
    private volatile C connection;
    private volatile boolean closed;
    private volatile String lastFailure = "Redis: not connected yet";

    /**
     * @param name     what the connection is for, in logs and health details
     * @param opener   opens the connection, throwing while Redis is unreachable
     * @param onOpened runs once, right after the first successful open; later reconnects are Lettuce's
     *                 and reach {@code RedisClient} connection listeners
     * @param attempts where the attempts run: Micronaut's scheduled executor
     */
    public BackgroundRedisConnection(String name, Supplier<C> opener, Consumer<C> onOpened, TaskScheduler attempts) {
        this.name = name;
        this.opener = opener;
        this.onOpened = onOpened;
        this.attempts = attempts;
        attempts.schedule(Duration.ZERO, () -> attempt(FIRST_RETRY));
    }

    public String name() {
        return name;
    }

    /** The connection while it is open; empty before the first connect and while Lettuce reconnects. */
    public Optional<C> open() {
        C current = connection;
        return current != null && current.isOpen() ? Optional.of(current) : Optional.empty();
    }

    /** Why {@link #open()} is empty: the cause of the last failed attempt, or a lost connection being retried. */
    public String notConnectedReason() {
        return connection == null ? lastFailure : "Redis: connection lost, reconnecting";
    }

    /** The open connection, or {@link RedisUnavailableException} naming this connection. */
    public C require() {
        return open().orElseThrow(() -> new RedisUnavailableException("Redis is not reachable (" + name + ")"));
    }

    private void attempt(Duration nextDelay) {
        if (closed) {
            return;
        }
        C opened;
        try {
            opened = opener.get();
        } catch (RuntimeException e) {
            lastFailure = RedisFailure.describe(e);
            LOG.warn("Not connected to Redis for {}: {}; retrying in {} ms", name, lastFailure, nextDelay.toMillis());
            Duration after = nextDelay.multipliedBy(2).compareTo(LONGEST_RETRY) > 0
                    ? LONGEST_RETRY : nextDelay.multipliedBy(2);
            attempts.schedule(nextDelay, () -> attempt(after));
            return;
        }
        synchronized (this) {
            if (closed) {
                opened.close();
                return;
            }
            connection = opened;
        }
        LOG.info("Connected to Redis for {}", name);
        onOpened.accept(opened);
    }

    @Override
    public void close() {
        C current;
        synchronized (this) {
            closed = true;
            current = connection;
        }
        if (current != null) {
            current.close();
        }
    }
}
