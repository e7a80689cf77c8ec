package dev.multidocker.api.values;

import dev.multidocker.common.redis.BackgroundRedisConnection;
import dev.multidocker.common.values.CanonicalIndex;
import dev.multidocker.common.values.ValuesContract;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.async.RedisAsyncCommands;
import jakarta.inject.Singleton;

import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletionStage;

/** The API's writes to the Redis contract, and the repair's check of what the hash lacks. */
@Singleton
class RedisValues {

    private final BackgroundRedisConnection<StatefulRedisConnection<String, String>> redis;

    RedisValues(BackgroundRedisConnection<StatefulRedisConnection<String, String>> redis) {
        this.redis = redis;
    }

    /**
     * Sets the index pending unless a result is already there (a computed value is never overwritten),
     * then tells the workers. Both commands go out at once: Redis runs a connection's commands in order, so
     * the entry is pending before any worker hears of it, and the caller waits for one round trip, on no
     * thread of its own. Completes when Redis has answered both, within the client's command timeout.
     */
    CompletionStage<Void> markPendingAndPublish(int index) {
        String field = CanonicalIndex.format(index);
        RedisAsyncCommands<String, String> commands = redis.require().async();
        RedisFuture<Boolean> pending = commands.hsetnx(ValuesContract.VALUES_HASH, field, ValuesContract.PENDING);
        RedisFuture<Long> published = commands.publish(ValuesContract.INSERT_CHANNEL, field);
        return pending.thenCombine(published, (set, listeners) -> null);
    }

    /** The indexes among {@code recorded} that the hash has no entry for. */
    List<Integer> missing(Collection<Integer> recorded) {
        Set<String> present = new HashSet<>(redis.require().sync().hkeys(ValuesContract.VALUES_HASH));
        return recorded.stream().filter(index -> !present.contains(CanonicalIndex.format(index))).toList();
    }
}
