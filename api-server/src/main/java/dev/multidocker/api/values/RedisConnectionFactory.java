package dev.multidocker.api.values;

import dev.multidocker.service.redis.BackgroundRedisConnection;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.micronaut.context.BeanProvider;
import io.micronaut.context.annotation.Bean;
import io.micronaut.context.annotation.Factory;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.TaskScheduler;
import jakarta.inject.Named;
import jakarta.inject.Singleton;

@Factory
class RedisConnectionFactory {

    /** The repair reads through this connection, so it is looked up only once the connection is open. */
    @Singleton
    @Bean(preDestroy = "close")
    BackgroundRedisConnection<StatefulRedisConnection<String, String>> commandConnection(
            RedisClient client, BeanProvider<LostIndexRepair> repair,
            @Named(TaskExecutors.SCHEDULED) TaskScheduler scheduler) {
        return new BackgroundRedisConnection<>("commands", client::connect, connection -> repair.get().request(),
                scheduler);
    }
}
