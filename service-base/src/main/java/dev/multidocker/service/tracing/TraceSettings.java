package dev.multidocker.service.tracing;

import io.micronaut.context.annotation.Property;
import jakarta.inject.Singleton;

/** Whether spans go anywhere: {@code OTEL_TRACES_EXPORTER} names an exporter (docs/contract.md, {@link TracingSwitch}). */
@Singleton
public class TraceSettings {

    private final boolean exporting;

    public TraceSettings(@Property(name = TracingSwitch.ENABLED, defaultValue = "true") boolean exporting) {
        this.exporting = exporting;
    }

    public boolean exporting() {
        return exporting;
    }
}
