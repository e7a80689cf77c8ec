package dev.multidocker.service.tracing;

import io.micronaut.context.ApplicationContext;
import io.opentelemetry.api.OpenTelemetry;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

class TracingSwitchTest {

    @Test
    void withoutAnExporterTheServicesGetOpenTelemetrysNoOpApi() {
        assumeTrue(System.getenv("OTEL_TRACES_EXPORTER") == null, "OTEL_TRACES_EXPORTER is set in this environment");
        try (ApplicationContext context = ApplicationContext.run()) {
            assertThat(context.getBean(OpenTelemetry.class)).isSameAs(OpenTelemetry.noop());
            assertThat(context.getBean(TraceSettings.class).exporting()).as("exporting").isFalse();
        }
    }
}
