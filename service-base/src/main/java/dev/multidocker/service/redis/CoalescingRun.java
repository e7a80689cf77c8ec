package dev.multidocker.service.redis;

import io.lettuce.core.RedisChannelHandler;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisConnectionStateListener;

import java.net.SocketAddress;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A catch-up job (the worker's sweep, the API's repair), asked for by Redis connection events and timers and
 * run on Micronaut's I/O executor, one run at a time. Requests that arrive while a run is waiting fold
 * into it, so a burst of reconnects costs one run, and Lettuce's event loop never waits for it.
 */
public final class CoalescingRun {

    private final Executor executor;
    private final Runnable job;
    private final AtomicBoolean queued = new AtomicBoolean();

    public CoalescingRun(Executor executor, Runnable job) {
        this.executor = executor;
        this.job = job;
    }

    public void request() {
        if (queued.compareAndSet(false, true)) {
            try {
                executor.execute(this::run);
            } catch (RejectedExecutionException stopping) {
                queued.set(false);
            }
        }
    }

    private synchronized void run() {
        queued.set(false);
        job.run();
    }

    /** Asks for a run each time any connection of {@code client} connects or reconnects. */
    public CoalescingRun onEveryConnectOf(RedisClient client) {
        client.addListener(new RedisConnectionStateListener() {
            @Override
            public void onRedisConnected(RedisChannelHandler<?, ?> connection, SocketAddress address) {
                request();
            }
        });
        return this;
    }
}
