package dev.multidocker.worker.compute;

import dev.multidocker.common.redis.BackgroundRedisConnection;
import dev.multidocker.common.values.CanonicalIndex;
import dev.multidocker.common.values.ValuesContract;
import dev.multidocker.worker.fib.Fibonacci;
import io.lettuce.core.api.StatefulRedisConnection;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Computes indexes off Lettuce's event loop and writes each result with {@code HSET values <index>
 * <result>}. An index already waiting is not queued twice, so the queue never holds more than the indexes
 * there are, however many messages and sweeps ask for them. Results are idempotent: any number of worker
 * replicas may compute the same index.
 */
@Singleton
public class ComputeQueue {

    private static final Logger LOG = LoggerFactory.getLogger(ComputeQueue.class);
    private static final long DRAIN_SECONDS = 10;

    private final BackgroundRedisConnection<StatefulRedisConnection<String, String>> redis;
    private final Set<Integer> waiting = ConcurrentHashMap.newKeySet();
    private final ExecutorService computers;

    public ComputeQueue(BackgroundRedisConnection<StatefulRedisConnection<String, String>> redis) {
        this.redis = redis;
        AtomicInteger count = new AtomicInteger();
        this.computers = Executors.newFixedThreadPool(Runtime.getRuntime().availableProcessors(), runnable -> {
            Thread thread = new Thread(runnable, "compute-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
    }

    public void submit(int index) {
        if (waiting.add(index)) {
            computers.execute(() -> {
                // Leaving the set before computing means a request that arrives meanwhile computes again
                // rather than being lost.
                waiting.remove(index);
                store(index);
            });
        }
    }

    private void store(int index) {
        String field = CanonicalIndex.format(index);
        String value = Fibonacci.of(index).toString();
        // Asynchronous so that consecutive results are pipelined; a write that fails leaves the entry
        // pending, and the next sweep computes it again.
        redis.open().ifPresentOrElse(
                connection -> connection.async().hset(ValuesContract.VALUES_HASH, field, value)
                        .exceptionally(error -> {
                            LOG.warn("Could not store fib({}) ({}); the sweep will retry", index, error.getMessage());
                            return null;
                        }),
                () -> LOG.warn("Redis is down: fib({}) waits for the next sweep", index));
    }

    /** On SIGTERM: finish what is queued and make sure Redis has answered every write. */
    @PreDestroy
    void drain() throws InterruptedException {
        computers.shutdown();
        if (!computers.awaitTermination(DRAIN_SECONDS, TimeUnit.SECONDS)) {
            LOG.warn("Stopping with indexes still queued; they stay pending for the next worker");
            computers.shutdownNow();
        }
        // Replies come in command order, so once PING is answered every earlier HSET has been too.
        redis.open().ifPresent(connection -> connection.sync().ping());
    }
}
