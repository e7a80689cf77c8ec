package dev.multidocker.service.tracing;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.ContextStorage;
import io.opentelemetry.context.Scope;
import org.slf4j.MDC;

/**
 * Puts the ids of the sampled span that becomes current into the MDC as {@code trace_id} and {@code span_id},
 * and restores what was there when its scope closes, so that every log line written inside a span can name it.
 * Every switch of the current span goes through the context storage, on whichever thread the work continues.
 */
public final class TraceIdsInMdc implements ContextStorage {

    /** The MDC keys, which the JSON log lines carry as fields of the same names. */
    public static final String TRACE_ID = "trace_id";
    public static final String SPAN_ID = "span_id";

    private final ContextStorage delegate;

    TraceIdsInMdc(ContextStorage delegate) {
        this.delegate = delegate;
    }

    @Override
    public Scope attach(Context toAttach) {
        Scope scope = delegate.attach(toAttach);
        SpanContext span = Span.fromContext(toAttach).getSpanContext();
        String previousTrace = MDC.get(TRACE_ID);
        String previousSpan = MDC.get(SPAN_ID);
        if (!span.isSampled() && previousTrace == null) {
            return scope;
        }
        put(span.isSampled() ? span.getTraceId() : null, span.isSampled() ? span.getSpanId() : null);
        return () -> {
            scope.close();
            put(previousTrace, previousSpan);
        };
    }

    private static void put(String traceId, String spanId) {
        if (traceId == null) {
            MDC.remove(TRACE_ID);
            MDC.remove(SPAN_ID);
        } else {
            MDC.put(TRACE_ID, traceId);
            MDC.put(SPAN_ID, spanId);
        }
    }

    @Override
    public Context current() {
        return delegate.current();
    }
}
