package dev.multidocker.worker.compute;

import dev.multidocker.service.tracing.TraceSettings;
import io.opentelemetry.api.OpenTelemetry;
import dev.multidocker.contract.FibSettings;
import dev.multidocker.contract.ValuesContract;
import dev.multidocker.embedded.FreePort;
import dev.multidocker.embedded.RedisServer;
import dev.multidocker.fixtures.Fibonacci;
import dev.multidocker.service.redis.BackgroundRedisConnection;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micronaut.scheduling.ScheduledExecutorTaskScheduler;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/** Against a real Redis: what ends up in the hash a user reads. */
class ComputeQueueTest {

    /** Only a bound for a test that fails: nothing here waits for a set time. */
    private static final long GIVE_UP_SECONDS = 30;

    private static RedisServer server;

    private RedisClient client;
    private RedisCommands<String, String> redis;
    private BackgroundRedisConnection<StatefulRedisConnection<String, String>> connection;
    private final ScheduledExecutorService attempts = Executors.newSingleThreadScheduledExecutor();

    @BeforeAll
    static void startRedis() {
        server = new RedisServer(FreePort.pick(), Optional.empty()).start();
    }

    @AfterAll
    static void stopRedis() {
        server.close();
    }

    @BeforeEach
    void connect() throws Exception {
        client = RedisClient.create("redis://127.0.0.1:" + server.port());
        redis = client.connect().sync();
        redis.flushall();
        CompletableFuture<Void> opened = new CompletableFuture<>();
        connection = new BackgroundRedisConnection<>("test", client::connect, open -> opened.complete(null),
                new ScheduledExecutorTaskScheduler(attempts));
        opened.get(GIVE_UP_SECONDS, TimeUnit.SECONDS);
    }

    @AfterEach
    void disconnect() {
        redis.configSet("maxmemory", "0");
        connection.close();
        attempts.shutdownNow();
        client.shutdown();
    }

    @Test
    void storesEveryValueOfABacklogExactly() throws InterruptedException {
        int largest = 2_000;
        redis.hset(ValuesContract.VALUES_HASH, pending(largest));
        // In no order, and each index twice, as messages and a sweep may ask for it.
        List<Integer> requests = new ArrayList<>();
        IntStream.rangeClosed(0, largest).forEach(index -> {
            requests.add(index);
            requests.add(index);
        });
        Collections.shuffle(requests, new Random(3));
        SimpleMeterRegistry metrics = new SimpleMeterRegistry();
        ComputeQueue queue = new ComputeQueue(connection, Executors.newWorkStealingPool(), metrics, OpenTelemetry.noop(), new TraceSettings(false));

        requests.forEach(queue::submit);
        queue.drain();

        assertThat(redis.hgetall(ValuesContract.VALUES_HASH)).isEqualTo(computed(largest));
        // At least once each: a request arriving while its index computes computes it again, by design.
        assertThat(metrics.counter("worker.values.computed").count()).isGreaterThanOrEqualTo(largest + 1);
        assertThat(metrics.timer("worker.compute.time").count()).isGreaterThanOrEqualTo(largest + 1);
    }

    @Test
    void aValueWhoseWriteFailsStaysPendingUntilTheSweepComputesIt() throws Exception {
        int largest = 300;
        redis.hset(ValuesContract.VALUES_HASH, pending(largest));
        // A full node without eviction refuses every write, as ElastiCache does when it runs out of memory.
        redis.configSet("maxmemory", "1");
        SimpleMeterRegistry refusedMetrics = new SimpleMeterRegistry();
        ComputeQueue refused = new ComputeQueue(connection, Executors.newWorkStealingPool(), refusedMetrics, OpenTelemetry.noop(), new TraceSettings(false));

        IntStream.rangeClosed(0, largest).forEach(refused::submit);
        refused.drain();

        assertThat(redis.hgetall(ValuesContract.VALUES_HASH)).isEqualTo(pending(largest));
        assertThat(refusedMetrics.counter("worker.values.computed").count()).as("a refused write is no value").isZero();

        redis.configSet("maxmemory", "0");
        redis.configSet("notify-keyspace-events", "Kh");
        BlockingQueue<String> changes = new LinkedBlockingQueue<>();
        try (StatefulRedisPubSubConnection<String, String> events = client.connectPubSub()) {
            events.addListener(new RedisPubSubAdapter<>() {
                @Override
                public void message(String channel, String message) {
                    changes.add(message);
                }
            });
            events.sync().subscribe("__keyspace@0__:" + ValuesContract.VALUES_HASH);
            SimpleMeterRegistry metrics = new SimpleMeterRegistry();
            ComputeQueue queue = new ComputeQueue(connection, Executors.newWorkStealingPool(), metrics, OpenTelemetry.noop(), new TraceSettings(false));
            PendingSweep sweep = new PendingSweep(connection, queue, new FibSettings(largest), client, metrics, attempts);

            sweep.request();
            while (redis.hvals(ValuesContract.VALUES_HASH).contains(ValuesContract.PENDING)) {
                assertThat(changes.poll(GIVE_UP_SECONDS, TimeUnit.SECONDS)).as("the sweep stored nothing more")
                        .isNotNull();
            }
            queue.drain();
            assertThat(metrics.counter("worker.sweep.pending.found").count()).isGreaterThanOrEqualTo(largest + 1);
        }
        assertThat(redis.hgetall(ValuesContract.VALUES_HASH)).isEqualTo(computed(largest));
    }

    private static Map<String, String> pending(int largest) {
        return values(largest, index -> ValuesContract.PENDING);
    }

    /** From the tests' oracle, not from the worker's own Fibonacci that ComputeQueue runs. */
    private static Map<String, String> computed(int largest) {
        List<BigInteger> fib = Fibonacci.upTo(largest);
        return values(largest, index -> fib.get(index).toString());
    }

    private static Map<String, String> values(int largest, Function<Integer, String> value) {
        return IntStream.rangeClosed(0, largest).boxed()
                .collect(Collectors.toMap(index -> Integer.toString(index), value));
    }
}
