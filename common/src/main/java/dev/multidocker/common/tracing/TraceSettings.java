package dev.multidocker.common.tracing;

import io.micronaut.context.annotation.Property;
import jakarta.inject.Singleton;

/** Whether spans go anywhere: {@code OTEL_TRACES_EXPORTER} names an exporter (docs/contract.md). */
@Singleton
public class TraceSettings {

    private final boolean exporting;

    public TraceSettings(@Property(name = "otel.traces.exporter", defaultValue = "none") String exporter) {
        this.exporting = exporting(exporter);
    }

    public boolean exporting() {
        return exporting;
    }

    static boolean exporting(String exporter) {
        return !exporter.isBlank() && !"none".equals(exporter.trim());
    }
}
