package dev.multidocker.common.tracing;

import io.micronaut.tracing.opentelemetry.OpenTelemetryBuilderCustomizer;
import io.opentelemetry.sdk.autoconfigure.AutoConfiguredOpenTelemetrySdkBuilder;
import io.opentelemetry.sdk.trace.samplers.Sampler;
import jakarta.inject.Singleton;

/**
 * With no exporter ({@code OTEL_TRACES_EXPORTER=none}, the default) nothing is sampled: spans are then
 * non-recording, so the instrumentation costs a few calls per request instead of recording spans that nobody
 * receives, and nothing downstream (the insert-trace key, the MDC ids) sees a sampled span.
 */
@Singleton
class TraceSampling implements OpenTelemetryBuilderCustomizer {

    @Override
    public void configure(AutoConfiguredOpenTelemetrySdkBuilder builder) {
        builder.addTracerProviderCustomizer((tracerProvider, config) ->
                TraceSettings.exporting(config.getString("otel.traces.exporter", "none"))
                        ? tracerProvider
                        : tracerProvider.setSampler(Sampler.alwaysOff()));
    }
}
