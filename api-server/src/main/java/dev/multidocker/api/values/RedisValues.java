package dev.multidocker.api.values;

import dev.multidocker.common.redis.BackgroundRedisConnection;
import dev.multidocker.common.values.CanonicalIndex;
import dev.multidocker.common.values.ValuesContract;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import jakarta.inject.Singleton;

import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** The API's writes to the Redis contract, and the repair's check of what the hash lacks. */
@Singleton
class RedisValues {

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

    /** The indexes among {@code recorded} that the hash has no entry for. */
    List<Integer> missing(Collection<Integer> recorded) {
        Set<String> present = new HashSet<>(redis.require().sync().hkeys(ValuesContract.VALUES_HASH));
        return recorded.stream().filter(index -> !present.contains(CanonicalIndex.format(index))).toList();
    }
}
