package dev.multidocker.service.redis;

import dev.multidocker.service.tracing.TraceSettings;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.SslOptions;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.metrics.MicrometerCommandLatencyRecorder;
import io.lettuce.core.metrics.MicrometerOptions;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.DefaultClientResources;
import io.lettuce.core.resource.Delay;
import io.micronaut.context.annotation.Bean;
import io.micronaut.context.annotation.Factory;
import io.micrometer.core.instrument.MeterRegistry;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.instrumentation.lettuce.v5_1.LettuceTelemetry;
import jakarta.inject.Singleton;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

@Factory
class RedisClientFactory {

    /** Lettuce backs off up to 30 s by default; a restarted Redis should be back in use within seconds. */
    private static final Delay RECONNECT_DELAY =
            Delay.exponential(Duration.ofMillis(100), Duration.ofSeconds(2), 2, TimeUnit.MILLISECONDS);

    @Singleton
    @Bean(preDestroy = "shutdown")
    ClientResources redisClientResources(MeterRegistry registry, TraceSettings traceSettings,
                                         OpenTelemetry openTelemetry) {
        // Lettuce's own latency timers per command (lettuce_command_completion_seconds on /prometheus).
        DefaultClientResources.Builder resources = DefaultClientResources.builder().reconnectDelay(RECONNECT_DELAY)
                .commandLatencyRecorder(new MicrometerCommandLatencyRecorder(registry, MicrometerOptions.create()));
        // A client span per command, only while traces are exported: the hook costs on every command.
        if (traceSettings.exporting()) {
            resources.tracing(LettuceTelemetry.create(openTelemetry).newTracing());
        }
        return resources.build();
    }

    @Singleton
    @Bean(preDestroy = "shutdown")
    RedisClient redisClient(RedisSettings settings, ClientResources resources) {
        RedisClient client = RedisClient.create(resources, settings.uri());
        client.setOptions(ClientOptions.builder()
                .autoReconnect(true)
                // Queued commands would hold requests until Redis returns; failing fast lets the API
                // answer 503 and lets the periodic sweep and repair redo the work later.
                .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
                .timeoutOptions(TimeoutOptions.enabled(settings.commandTimeout()))
                .sslOptions(sslOptions(settings))
                .build());
        return client;
    }

    private static SslOptions sslOptions(RedisSettings settings) {
        // Shorter than the command timeout, which bounds the whole connection set-up: a server that never
        // answers the TLS hello (a plaintext one) is then named as such instead of as a timeout.
        SslOptions.Builder options = SslOptions.builder().jdkSslProvider()
                .handshakeTimeout(settings.commandTimeout().dividedBy(2));
        if (settings.tlsCaFile() != null) {
            options.trustManager(settings.tlsCaFile().toFile());
        }
        return options.build();
    }
}
