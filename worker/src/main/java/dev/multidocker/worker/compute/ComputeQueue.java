package dev.multidocker.worker.compute;

import dev.multidocker.common.redis.BackgroundRedisConnection;
import dev.multidocker.common.values.CanonicalIndex;
import dev.multidocker.common.values.ValuesContract;
import dev.multidocker.worker.fib.Fibonacci;
import dev.multidocker.worker.fib.FibonacciDecimals;
import io.lettuce.core.RedisException;
import io.lettuce.core.api.StatefulRedisConnection;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Computes indexes off Lettuce's event loop, one thread per core, each taking whatever is queued as a
 * batch: computed in ascending order, so that close indexes are reached by addition
 * ({@link FibonacciDecimals}), and stored with one {@code HSET values <index> <result> ...}, so that a
 * backlog costs Redis and the connection one command per batch rather than per index. An index already
 * waiting is not queued twice, so the queue never holds more than the indexes there are, however many
 * messages and sweeps ask for them. A small index with nothing queued ahead of it is computed and written
 * where it arrives instead. Results are idempotent: any number of worker replicas may compute the
 * same index.
 */
@Singleton
public class ComputeQueue {

    private static final Logger LOG = LoggerFactory.getLogger(ComputeQueue.class);
    private static final long DRAIN_SECONDS = 10;
    /** Enough for long walks; few enough that every thread gets a share of a backlog. */
    private static final int MOST_INDEXES_PER_BATCH = 1024;
    /** Bounds one command, and the memory it holds, however large FIB_MAX_INDEX makes the values. */
    private static final int MOST_DIGITS_PER_WRITE = 256 * 1024;
    private static final CompletableFuture<Void> NO_WRITE = CompletableFuture.completedFuture(null);
    /** Up to here (every index of the course's limit of 40), a value takes microseconds to compute and print. */
    private static final int CHEAP_INDEX = 1000;

    private final BackgroundRedisConnection<StatefulRedisConnection<String, String>> redis;
    private final Set<Integer> waiting = ConcurrentHashMap.newKeySet();
    private final Queue<Integer> queued = new ConcurrentLinkedQueue<>();
    private final int threads = Runtime.getRuntime().availableProcessors();
    private final AtomicInteger computing = new AtomicInteger();
    private final ExecutorService computers;

    public ComputeQueue(BackgroundRedisConnection<StatefulRedisConnection<String, String>> redis) {
        this.redis = redis;
        AtomicInteger count = new AtomicInteger();
        this.computers = Executors.newFixedThreadPool(threads, runnable -> {
            Thread thread = new Thread(runnable, "compute-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
    }

    public void submit(int index) {
        if (index <= CHEAP_INDEX && queued.isEmpty()) {
            // Computed on the caller's thread (Lettuce's event loop, for a message): waking a compute thread
            // would cost more than the value, and a submission waits for one hand-off fewer.
            write(Map.of(CanonicalIndex.format(index), Fibonacci.of(index).toString()), NO_WRITE);
            return;
        }
        if (waiting.add(index)) {
            queued.add(index);
            if (claimComputer()) {
                computers.execute(this::computeWhileQueued);
            }
        }
    }

    /** Whether a thread may start computing: not when every thread already does and will see the index. */
    private boolean claimComputer() {
        int busy;
        do {
            busy = computing.get();
            if (busy >= threads) {
                return false;
            }
        } while (!computing.compareAndSet(busy, busy + 1));
        return true;
    }

    private void computeWhileQueued() {
        int[] batch = new int[MOST_INDEXES_PER_BATCH];
        CompletableFuture<Void> lastWrite = NO_WRITE;
        do {
            try {
                for (int size = takeBatch(batch); size > 0; size = takeBatch(batch)) {
                    lastWrite = store(batch, size, lastWrite);
                }
            } finally {
                computing.decrementAndGet();
            }
            // An index queued after the last take but before the decrement found every thread busy.
        } while (!queued.isEmpty() && claimComputer());
    }

    /** Fills {@code batch} with up to its length of queued indexes, ascending, and returns how many. */
    private int takeBatch(int[] batch) {
        int size = 0;
        for (Integer index; size < batch.length && (index = queued.poll()) != null; size++) {
            // Leaving the set before computing means a request that arrives meanwhile computes again
            // rather than being lost.
            waiting.remove(index);
            batch[size] = index;
        }
        Arrays.sort(batch, 0, size);
        return size;
    }

    /** Computes and writes the first {@code size} indexes of {@code ascending}; returns the last write. */
    private CompletableFuture<Void> store(int[] ascending, int size, CompletableFuture<Void> previousWrite) {
        FibonacciDecimals values = new FibonacciDecimals();
        CompletableFuture<Void> lastWrite = previousWrite;
        Map<String, String> fields = new HashMap<>();
        int digits = 0;
        for (int i = 0; i < size; i++) {
            String value = values.of(ascending[i]);
            fields.put(CanonicalIndex.format(ascending[i]), value);
            digits += value.length();
            if (digits >= MOST_DIGITS_PER_WRITE) {
                lastWrite = write(fields, lastWrite);
                fields = new HashMap<>();
                digits = 0;
            }
        }
        return fields.isEmpty() ? lastWrite : write(fields, lastWrite);
    }

    /**
     * One HSET, sent once the thread's previous one is answered: the next batch is computed meanwhile, and
     * a Redis slower than the computing makes batches larger instead of piling up unsent values. A write
     * that fails leaves its entries pending, and the next sweep computes them again.
     */
    private CompletableFuture<Void> write(Map<String, String> fields, CompletableFuture<Void> previousWrite) {
        previousWrite.join();
        var connection = redis.open();
        if (connection.isEmpty()) {
            LOG.warn("Redis is down: {} values wait for the next sweep", fields.size());
            return NO_WRITE;
        }
        try {
            return connection.get().async().hset(ValuesContract.VALUES_HASH, fields)
                    .<Void>handle((stored, error) -> {
                        if (error != null) {
                            notStored(fields, error);
                        }
                        return null;
                    })
                    .toCompletableFuture();
        } catch (RedisException e) {
            // Lettuce refuses some writes outright, such as on a connection that closed meanwhile.
            notStored(fields, e);
            return NO_WRITE;
        }
    }

    private static void notStored(Map<String, String> fields, Throwable error) {
        LOG.warn("Could not store {} values ({}); the sweep will retry", fields.size(), error.getMessage());
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
