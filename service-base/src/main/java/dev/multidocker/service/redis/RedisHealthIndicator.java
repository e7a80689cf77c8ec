package dev.multidocker.service.redis;

import io.lettuce.core.api.StatefulRedisConnection;
import io.micronaut.health.HealthStatus;
import io.micronaut.management.health.indicator.HealthIndicator;
import io.micronaut.management.health.indicator.HealthResult;
import io.micronaut.management.health.indicator.annotation.Readiness;
import jakarta.inject.Singleton;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Mono;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Readiness of every Redis connection the service holds: each must be open and answer PING. A service
 * that cannot reach Redis is alive but not ready, so an orchestrator stops routing to it without
 * restarting it. A connection that is not open reports why, so that a wrong password or an untrusted
 * certificate reads as such, not as an outage.
 */
@Singleton
@Readiness
public class RedisHealthIndicator implements HealthIndicator {

    private static final Duration PING_TIMEOUT = Duration.ofSeconds(1);

    private final List<BackgroundRedisConnection<?>> connections;

    public RedisHealthIndicator(List<BackgroundRedisConnection<?>> connections) {
        this.connections = connections;
    }

    @Override
    public Publisher<HealthResult> getResult() {
        return Mono.fromCallable(this::check);
    }

    private HealthResult check() {
        Map<String, String> details = new LinkedHashMap<>();
        boolean up = true;
        for (BackgroundRedisConnection<?> connection : connections) {
            String state = connection.open().map(this::ping).orElseGet(connection::notConnectedReason);
            details.put(connection.name(), state);
            up &= state.equals("PONG");
        }
        return HealthResult.builder("redis", up ? HealthStatus.UP : HealthStatus.DOWN).details(details).build();
    }

    private String ping(StatefulRedisConnection<String, String> connection) {
        try {
            return connection.async().ping().get(PING_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted";
        } catch (Exception e) {
            return RedisFailure.describe(e);
        }
    }
}
