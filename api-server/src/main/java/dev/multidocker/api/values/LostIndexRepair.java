package dev.multidocker.api.values;

import dev.multidocker.api.database.DatabaseUnavailableException;
import dev.multidocker.api.database.SchemaMigration;
import dev.multidocker.service.redis.CoalescingRun;
import dev.multidocker.service.redis.RedisUnavailableException;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisException;
import io.micronaut.context.annotation.Context;
import io.micronaut.runtime.event.annotation.EventListener;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.Scheduled;
import jakarta.inject.Named;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;

/**
 * The repair of docs/contract.md: when Redis comes back without entries that PostgreSQL still records (a restart without
 * persistence, a replaced cache node, a flush), they are marked pending and published again, so the worker
 * computes them. Runs when the schema is ready, whenever Redis (re)connects, and periodically.
 */
@Context
class LostIndexRepair {

    private static final Logger LOG = LoggerFactory.getLogger(LostIndexRepair.class);
    private static final int LOGGED_INDEXES = 10;
    private static final int PAGE_ROWS = 5_000;

    private final RecordedIndexes recordedIndexes;
    private final RedisValues values;
    private final SchemaMigration schema;
    private final CoalescingRun runs;

    LostIndexRepair(RecordedIndexes recordedIndexes, RedisValues values, SchemaMigration schema,
                    RedisClient redisClient, @Named(TaskExecutors.IO) Executor blocking) {
        this.recordedIndexes = recordedIndexes;
        this.values = values;
        this.schema = schema;
        this.runs = new CoalescingRun(blocking, this::repair).onEveryConnectOf(redisClient);
    }

    @EventListener
    void onSchemaReady(SchemaMigration.SchemaReady event) {
        request();
    }

    @Scheduled(fixedDelay = "${repair.interval:30s}", initialDelay = "${repair.interval:30s}")
    void periodically() {
        request();
    }

    void request() {
        runs.request();
    }

    private void repair() {
        if (!schema.isMigrated()) {
            return;
        }
        try {
            List<Integer> recorded = allRecorded();
            List<Integer> lost = values.missing(recorded);
            CompletableFuture.allOf(lost.stream().map(values::markPendingAndPublish)
                    .map(CompletionStage::toCompletableFuture).toArray(CompletableFuture[]::new)).join();
            if (!lost.isEmpty()) {
                LOG.info("Redis had lost {} recorded indexes; queued them again: {}", lost.size(), sample(lost));
            }
        } catch (RedisUnavailableException e) {
            LOG.debug("Repair waits for Redis: {}", e.getMessage());
        } catch (RedisException | CompletionException | DatabaseUnavailableException e) {
            LOG.warn("Could not compare Redis with PostgreSQL ({}); the next run will", e.getMessage());
        }
    }

    private List<Integer> allRecorded() {
        List<Integer> all = new ArrayList<>();
        List<SeenIndex> page = recordedIndexes.pageAfter(0, PAGE_ROWS);
        while (!page.isEmpty()) {
            page.forEach(row -> all.add(row.number()));
            page = recordedIndexes.pageAfter(page.get(page.size() - 1).id(), PAGE_ROWS);
        }
        return all;
    }

    /** A log line names a few indexes, not thousands. */
    private static String sample(List<Integer> lost) {
        return lost.size() <= LOGGED_INDEXES ? lost.toString()
                : lost.subList(0, LOGGED_INDEXES).toString().replace("]", ", …]");
    }
}
