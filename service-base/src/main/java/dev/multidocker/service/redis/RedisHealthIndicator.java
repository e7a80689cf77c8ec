package dev.multidocker.service.redis;

import io.micronaut.health.HealthStatus;
import io.micronaut.management.health.indicator.HealthIndicator;
import io.micronaut.management.health.indicator.HealthResult;
import io.micronaut.management.health.indicator.annotation.Readiness;
import jakarta.inject.Singleton;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeoutException;

/**
 * Readiness of every Redis connection the service holds: each must be open and answer PING. A service
 * that cannot reach Redis is alive but not ready, so an orchestrator stops routing to it without
 * restarting it. A connection that is not open reports why, so that a wrong password or an untrusted
 * certificate reads as such, not as an outage.
 * <p>
 * Micronaut reads health on an event loop thread, which also answers requests: the PINGs are awaited without
 * holding it, so that a paused Redis stalls the probe and nothing else.
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
        return Flux.fromIterable(connections)
                .concatMap(connection -> state(connection).map(state -> Map.entry(connection.name(), state)))
                .collectMap(Map.Entry::getKey, Map.Entry::getValue, LinkedHashMap::new)
                .map(RedisHealthIndicator::result);
    }

    private static Mono<String> state(BackgroundRedisConnection<?> connection) {
        return connection.open()
                .map(open -> Mono.defer(() -> Mono.fromCompletionStage(open.async().ping()))
                        .timeout(PING_TIMEOUT)
                        .onErrorResume(TimeoutException.class,
                                e -> Mono.just("Redis: no answer to PING within " + PING_TIMEOUT.toMillis() + " ms"))
                        .onErrorResume(e -> Mono.just(RedisFailure.describe(e))))
                .orElseGet(() -> Mono.just(connection.notConnectedReason()));
    }

    private static HealthResult result(Map<String, String> details) {
        boolean up = details.values().stream().allMatch("PONG"::equals);
        return HealthResult.builder("redis", up ? HealthStatus.UP : HealthStatus.DOWN).details(details).build();
    }
}
