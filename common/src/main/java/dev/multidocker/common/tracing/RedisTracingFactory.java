package dev.multidocker.common.tracing;

import io.lettuce.core.tracing.Tracing;
import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Requires;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.instrumentation.lettuce.v5_1.LettuceTelemetry;
import jakarta.inject.Singleton;

/** A client span per Redis command, given to Lettuce's ClientResources only while traces are exported. */
@Factory
class RedisTracingFactory {

    @Singleton
    @Requires(property = "otel.traces.exporter", notEquals = "none", defaultValue = "none")
    Tracing redisTracing(OpenTelemetry openTelemetry) {
        return LettuceTelemetry.create(openTelemetry).newTracing();
    }
}
