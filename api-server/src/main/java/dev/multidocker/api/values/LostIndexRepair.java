package dev.multidocker.api.values;

import dev.multidocker.api.database.SchemaMigration;
import dev.multidocker.common.redis.RedisUnavailableException;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisConnectionStateListener;
import io.lettuce.core.RedisException;
import io.micronaut.context.annotation.Context;
import io.micronaut.runtime.event.annotation.EventListener;
import io.micronaut.scheduling.annotation.Scheduled;
import jakarta.annotation.PreDestroy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.SocketAddress;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * SPEC §3 repair: when Redis comes back without entries that PostgreSQL still records (a restart without
 * persistence, a replaced cache node, a flush), they are marked pending and published again, so the worker
 * computes them. Runs when the schema is ready, whenever Redis (re)connects, and periodically.
 */
@Context
class LostIndexRepair {

    private static final Logger LOG = LoggerFactory.getLogger(LostIndexRepair.class);

    private final SeenIndexRepository seenIndexes;
    private final RedisValues values;
    private final SchemaMigration schema;
    private final ExecutorService runs = Executors.newSingleThreadExecutor(runnable -> {
        Thread thread = new Thread(runnable, "lost-index-repair");
        thread.setDaemon(true);
        return thread;
    });
    private final AtomicBoolean queued = new AtomicBoolean();

    LostIndexRepair(SeenIndexRepository seenIndexes, RedisValues values, SchemaMigration schema,
                    RedisClient redisClient) {
        this.seenIndexes = seenIndexes;
        this.values = values;
        this.schema = schema;
        redisClient.addListener(new RedisConnectionStateListener() {
            @Override
            public void onRedisConnected(io.lettuce.core.RedisChannelHandler<?, ?> connection,
                                         SocketAddress address) {
                request();
            }
        });
    }

    @EventListener
    void onSchemaReady(SchemaMigration.SchemaReady event) {
        request();
    }

    @Scheduled(fixedDelay = "${repair.interval:30s}", initialDelay = "${repair.interval:30s}")
    void periodically() {
        request();
    }

    /** Asks for a run; requests that arrive while one is waiting are folded into it. */
    void request() {
        if (queued.compareAndSet(false, true)) {
            runs.execute(() -> {
                queued.set(false);
                repair();
            });
        }
    }

    private void repair() {
        if (!schema.isMigrated()) {
            return;
        }
        try {
            List<Integer> recorded = seenIndexes.findAllInFirstSeenOrder().stream().map(SeenIndex::number).toList();
            List<Integer> lost = values.missing(recorded);
            lost.forEach(values::markPendingAndPublish);
            if (!lost.isEmpty()) {
                LOG.info("Redis had lost {} recorded indexes; queued them again: {}", lost.size(), lost);
            }
        } catch (RedisUnavailableException e) {
            LOG.debug("Repair waits for Redis: {}", e.getMessage());
        } catch (RedisException | io.micronaut.data.exceptions.DataAccessException e) {
            LOG.warn("Could not compare Redis with PostgreSQL ({}); the next run will", e.getMessage());
        }
    }

    @PreDestroy
    void stop() {
        runs.shutdownNow();
    }
}
