package dev.multidocker.api.values;

import dev.multidocker.common.redis.BackgroundRedisConnection;
import dev.multidocker.common.values.CanonicalIndex;
import dev.multidocker.common.values.ValuesContract;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import jakarta.inject.Singleton;

import java.util.Collection;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletionStage;

/** The API's side of the Redis contract: mark indexes pending, announce them, read the results. */
@Singleton
class RedisValues {

    /** Numeric order for canonical indexes; anything foreign in the hash goes last, in text order. */
    private static final Comparator<String> BY_INDEX = Comparator
            .comparingInt((String field) -> CanonicalIndex.parse(field).orElse(Integer.MAX_VALUE))
            .thenComparing(Comparator.naturalOrder());

    private final BackgroundRedisConnection<StatefulRedisConnection<String, String>> redis;

    RedisValues(BackgroundRedisConnection<StatefulRedisConnection<String, String>> redis) {
        this.redis = redis;
    }

    /**
     * Sets the index pending unless a result is already there (a computed value is never overwritten),
     * then tells the workers.
     */
    void markPendingAndPublish(int index) {
        String field = CanonicalIndex.format(index);
        RedisCommands<String, String> commands = redis.require().sync();
        commands.hsetnx(ValuesContract.VALUES_HASH, field, ValuesContract.PENDING);
        commands.publish(ValuesContract.INSERT_CHANNEL, field);
    }

    /** index → value, ordered by numeric index. */
    CompletionStage<Map<String, String>> current() {
        return redis.require().async().hgetall(ValuesContract.VALUES_HASH).thenApply(all -> {
            Map<String, String> ordered = new LinkedHashMap<>();
            all.keySet().stream().sorted(BY_INDEX).forEach(field -> ordered.put(field, all.get(field)));
            return ordered;
        });
    }

    /** The indexes among {@code recorded} that the hash has no entry for. */
    List<Integer> missing(Collection<Integer> recorded) {
        Set<String> present = new HashSet<>(redis.require().sync().hkeys(ValuesContract.VALUES_HASH));
        return recorded.stream().filter(index -> !present.contains(CanonicalIndex.format(index))).toList();
    }
}
