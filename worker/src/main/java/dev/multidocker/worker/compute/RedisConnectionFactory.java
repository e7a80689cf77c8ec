package dev.multidocker.worker.compute;

import dev.multidocker.contract.ValuesContract;
import dev.multidocker.service.redis.BackgroundRedisConnection;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import io.micronaut.context.BeanProvider;
import io.micronaut.context.annotation.Bean;
import io.micronaut.context.annotation.Context;
import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Primary;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.TaskScheduler;
import jakarta.inject.Named;
import jakarta.inject.Singleton;

/**
 * Two connections: a subscriber cannot run ordinary commands under RESP2, which older ElastiCache nodes
 * still speak. Both start the sweep when they first open; reconnects start it through the client's
 * listener in {@link PendingSweep}.
 */
@Factory
class RedisConnectionFactory {

    @Singleton
    @Primary
    @Bean(preDestroy = "close")
    BackgroundRedisConnection<StatefulRedisConnection<String, String>> commandConnection(
            RedisClient client, BeanProvider<PendingSweep> sweep,
            @Named(TaskExecutors.SCHEDULED) TaskScheduler scheduler) {
        return new BackgroundRedisConnection<>("commands", client::connect, connection -> sweep.get().request(),
                scheduler);
    }

    @Context
    @Named("subscription")
    @Bean(preDestroy = "close")
    BackgroundRedisConnection<StatefulRedisPubSubConnection<String, String>> subscription(
            RedisClient client, InsertListener listener, BeanProvider<PendingSweep> sweep,
            @Named(TaskExecutors.SCHEDULED) TaskScheduler scheduler) {
        return new BackgroundRedisConnection<>("subscription", () -> {
            StatefulRedisPubSubConnection<String, String> connection = client.connectPubSub();
            connection.addListener(listener);
            // Lettuce subscribes again by itself after every reconnect.
            connection.sync().subscribe(ValuesContract.INSERT_CHANNEL);
            return connection;
        }, connection -> sweep.get().request(), scheduler);
    }
}
