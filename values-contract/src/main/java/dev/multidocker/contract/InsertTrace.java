package dev.multidocker.contract;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.TextMapGetter;
import io.opentelemetry.context.propagation.TextMapSetter;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;

import java.util.Collections;
import java.util.Optional;

/**
 * The POST's trace context as the one W3C {@code traceparent} string that the insert-trace key holds
 * (docs/contract.md), and back.
 */
public final class InsertTrace {

    private static final String TRACEPARENT = "traceparent";
    private static final TextMapSetter<String[]> INTO_SLOT = (slot, key, value) -> {
        if (TRACEPARENT.equals(key)) {
            slot[0] = value;
        }
    };
    private static final TextMapGetter<String> FROM_VALUE = new TextMapGetter<>() {
        @Override
        public Iterable<String> keys(String traceparent) {
            return Collections.singleton(TRACEPARENT);
        }

        @Override
        public String get(String traceparent, String key) {
            return TRACEPARENT.equals(key) ? traceparent : null;
        }
    };

    private InsertTrace() {
    }

    /** The current span's traceparent, when that span is sampled; otherwise there is nothing to follow. */
    public static Optional<String> ofCurrentSpan() {
        SpanContext span = Span.current().getSpanContext();
        if (!span.isSampled()) {
            return Optional.empty();
        }
        String[] slot = new String[1];
        W3CTraceContextPropagator.getInstance().inject(Context.current(), slot, INTO_SLOT);
        return Optional.ofNullable(slot[0]);
    }

    /** A context whose parent is the span the traceparent names; the root context for a malformed one. */
    public static Context parentOf(String traceparent) {
        return W3CTraceContextPropagator.getInstance().extract(Context.root(), traceparent, FROM_VALUE);
    }
}
