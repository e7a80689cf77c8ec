package dev.multidocker.service.tracing;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Scope;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.samplers.Sampler;
import org.junit.jupiter.api.Test;
import org.slf4j.MDC;

import static org.assertj.core.api.Assertions.assertThat;

/** Through OpenTelemetry's own lookup of the context storage (META-INF/services), as the services get it. */
class TraceIdsInMdcTest {

    @Test
    void aSampledSpanNamesItselfInTheMdcWhileCurrentAndItsParentAfterwards() {
        Tracer tracer = SdkTracerProvider.builder().build().get("test");
        Span outer = tracer.spanBuilder("outer").startSpan();
        try (Scope inOuter = outer.makeCurrent()) {
            Span inner = tracer.spanBuilder("inner").startSpan();
            try (Scope inInner = inner.makeCurrent()) {
                assertThat(MDC.get("trace_id")).isEqualTo(inner.getSpanContext().getTraceId());
                assertThat(MDC.get("span_id")).isEqualTo(inner.getSpanContext().getSpanId());
            }
            assertThat(MDC.get("span_id")).isEqualTo(outer.getSpanContext().getSpanId());
        }
        assertThat(MDC.get("trace_id")).isNull();
        assertThat(MDC.get("span_id")).isNull();
    }

    @Test
    void anUnsampledSpanLeavesNoIds() {
        Tracer tracer = SdkTracerProvider.builder().setSampler(Sampler.alwaysOff()).build().get("test");
        try (Scope inSpan = tracer.spanBuilder("off").startSpan().makeCurrent()) {
            assertThat(MDC.get("trace_id")).isNull();
        }
    }
}
