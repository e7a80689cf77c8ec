package dev.multidocker.service.tracing;

import io.opentelemetry.context.ContextStorage;
import io.opentelemetry.context.ContextStorageProvider;

/** Found by OpenTelemetry through META-INF/services, before the first span is made current. */
public final class TraceIdsInMdcProvider implements ContextStorageProvider {

    @Override
    public ContextStorage get() {
        return new TraceIdsInMdc(ContextStorage.defaultStorage());
    }
}
