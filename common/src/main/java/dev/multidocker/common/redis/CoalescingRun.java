package dev.multidocker.common.redis;

import io.lettuce.core.RedisChannelHandler;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisConnectionStateListener;

import java.net.SocketAddress;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A catch-up job (the worker's sweep, the API's repair) on a thread of its own, asked for by Redis
 * connection events and timers. Requests that arrive while a run is waiting fold into it, so a burst of
 * reconnects costs one run, and Lettuce's event loop never waits for it.
 */
public final class CoalescingRun implements AutoCloseable {

    private final ExecutorService runs;
    private final Runnable job;
    private final AtomicBoolean queued = new AtomicBoolean();

    public CoalescingRun(String name, Runnable job) {
        this.job = job;
        this.runs = Executors.newSingleThreadExecutor(runnable -> {
            Thread thread = new Thread(runnable, name);
            thread.setDaemon(true);
            return thread;
        });
    }

    public void request() {
        if (queued.compareAndSet(false, true)) {
            runs.execute(() -> {
                queued.set(false);
                job.run();
            });
        }
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

    @Override
    public void close() {
        runs.shutdownNow();
    }
}
