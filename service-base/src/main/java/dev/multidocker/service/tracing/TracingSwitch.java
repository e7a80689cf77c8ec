package dev.multidocker.service.tracing;

import io.micronaut.context.ApplicationContextBuilder;
import io.micronaut.context.ApplicationContextConfigurer;
import io.micronaut.context.annotation.ContextConfigurer;
import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Requires;
import io.opentelemetry.api.OpenTelemetry;
import jakarta.inject.Singleton;

import java.util.Map;
import java.util.Objects;

/**
 * Without an exporter ({@code OTEL_TRACES_EXPORTER} unset or {@code none}, docs/contract.md) Micronaut's
 * OpenTelemetry integration is not started at all: its HTTP filter and JDBC wrapper would otherwise run on every
 * request for spans that nobody receives, about a sixth of the CPU that a {@code GET /values/current} costs. The
 * services' own spans then go to OpenTelemetry's no-op API.
 */
@ContextConfigurer
public final class TracingSwitch implements ApplicationContextConfigurer {

    static final String ENABLED = "micronaut.otel.enabled";

    @Override
    public void configure(ApplicationContextBuilder builder) {
        String exporter = System.getProperty("otel.traces.exporter",
                Objects.requireNonNullElse(System.getenv("OTEL_TRACES_EXPORTER"), "none"));
        boolean exporting = !exporter.isBlank() && !"none".equals(exporter.trim());
        builder.properties(Map.of(ENABLED, exporting, "otel.instrumentation.jdbc.enabled", exporting));
    }

    @Factory
    @Requires(property = ENABLED, value = "false")
    static class NoTracing {

        @Singleton
        OpenTelemetry openTelemetry() {
            return OpenTelemetry.noop();
        }
    }
}
