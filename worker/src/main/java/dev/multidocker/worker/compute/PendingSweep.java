package dev.multidocker.worker.compute;

import dev.multidocker.contract.CanonicalIndex;
import dev.multidocker.contract.FibSettings;
import dev.multidocker.contract.ValuesContract;
import dev.multidocker.service.redis.BackgroundRedisConnection;
import dev.multidocker.service.redis.CoalescingRun;
import io.lettuce.core.MapScanCursor;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisException;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.ScanCursor;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micronaut.context.annotation.Context;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.Scheduled;
import jakarta.inject.Named;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.OptionalInt;
import java.util.concurrent.Executor;

/**
 * Every entry still {@code Nothing yet!} is computed, at start-up, after every Redis reconnect and
 * periodically, so an index published while no worker was listening is not lost (docs/contract.md).
 */
@Context
class PendingSweep {

    private static final Logger LOG = LoggerFactory.getLogger(PendingSweep.class);
    /** About 400 KB of digits per reply at an index of 20,000, inside the 32 MiB heap of jvm.options. */
    private static final ScanArgs BATCH = ScanArgs.Builder.limit(100);

    private final BackgroundRedisConnection<StatefulRedisConnection<String, String>> redis;
    private final ComputeQueue queue;
    private final int maxIndex;
    private final CoalescingRun runs;
    private final Counter pendingFound;

    PendingSweep(BackgroundRedisConnection<StatefulRedisConnection<String, String>> redis, ComputeQueue queue,
                 FibSettings settings, RedisClient client, MeterRegistry registry,
                 @Named(TaskExecutors.IO) Executor blocking) {
        this.redis = redis;
        this.queue = queue;
        this.maxIndex = settings.maxIndex();
        this.pendingFound = Counter.builder("worker.sweep.pending.found")
                .description("Pending entries the sweep found and queued").register(registry);
        this.runs = new CoalescingRun(blocking, this::sweep).onEveryConnectOf(client);
    }

    @Scheduled(fixedDelay = "${sweep.interval:10s}", initialDelay = "${sweep.interval:10s}")
    void periodically() {
        request();
    }

    void request() {
        runs.request();
    }

    private void sweep() {
        var connection = redis.open();
        if (connection.isEmpty()) {
            return;
        }
        RedisCommands<String, String> commands = connection.get().sync();
        int found = 0;
        try {
            ScanCursor cursor = ScanCursor.INITIAL;
            do {
                MapScanCursor<String, String> batch = commands.hscan(ValuesContract.VALUES_HASH, cursor, BATCH);
                for (var entry : batch.getMap().entrySet()) {
                    OptionalInt index = CanonicalIndex.parse(entry.getKey());
                    if (ValuesContract.PENDING.equals(entry.getValue()) && index.isPresent()
                            && index.getAsInt() <= maxIndex) {
                        queue.submit(index.getAsInt());
                        found++;
                    }
                }
                cursor = batch;
            } while (!cursor.isFinished());
        } catch (RedisException e) {
            LOG.warn("Sweep interrupted by Redis ({}); the next one continues", e.getMessage());
        }
        pendingFound.increment(found);
        if (found > 0) {
            LOG.info("Sweep found {} pending entries", found);
        }
    }
}
