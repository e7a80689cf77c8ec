package dev.multidocker.bench;

import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.async.RedisAsyncCommands;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * How fast the worker clears a backlog: {@code messages} distinct indexes published on {@code insert} as
 * fast as Redis takes them, timed until every one has its value in the hash.
 */
final class WorkerDrain {

    private static final Duration GIVE_UP = Duration.ofMinutes(2);

    private WorkerDrain() {
    }

    record Result(int messages, double seconds, double publishedPerSecond) {

        double messagesPerSecond() {
            return messages / seconds;
        }
    }

    static Result measure(RedisClient client, int messages) throws Exception {
        try (StatefulRedisConnection<String, String> connection = client.connect()) {
            RedisAsyncCommands<String, String> redis = connection.async();
            redis.del("values").get(10, TimeUnit.SECONDS);
            long start = System.nanoTime();
            List<RedisFuture<Long>> published = new ArrayList<>(messages);
            for (int index = 0; index < messages; index++) {
                published.add(redis.publish("insert", Integer.toString(index)));
            }
            for (RedisFuture<Long> publish : published) {
                publish.get(30, TimeUnit.SECONDS);
            }
            double publishSeconds = (System.nanoTime() - start) / 1e9;
            while (redis.hlen("values").get(10, TimeUnit.SECONDS) < messages) {
                if (System.nanoTime() - start > GIVE_UP.toNanos()) {
                    throw new IllegalStateException("the worker did not store " + messages + " values within "
                            + GIVE_UP);
                }
                LockSupport.parkNanos(200_000);
            }
            return new Result(messages, (System.nanoTime() - start) / 1e9, messages / publishSeconds);
        }
    }
}
