package dev.multidocker.worker.compute;

import dev.multidocker.contract.CanonicalIndex;
import dev.multidocker.contract.InsertTrace;
import dev.multidocker.contract.ValuesContract;
import dev.multidocker.service.redis.BackgroundRedisConnection;
import dev.multidocker.service.tracing.TraceSettings;
import dev.multidocker.worker.fib.Fibonacci;
import io.lettuce.core.RedisException;
import io.lettuce.core.api.StatefulRedisConnection;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Named;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * Computes each requested index on the {@code compute} executor (application.properties), off Lettuce's
 * event loop, which must never wait for a large value, and writes it with one {@code HSET}. Writing the
 * same value again is harmless, so any number of worker replicas may compute the same index. Each task is
 * a span {@code insert process} with the computation and the {@code HSET} inside; it continues the POST's
 * trace when the API left its traceparent beside the index (docs/contract.md).
 */
@Singleton
public class ComputeQueue {

    private static final Logger LOG = LoggerFactory.getLogger(ComputeQueue.class);
    private static final long DRAIN_SECONDS = 10;

    private final BackgroundRedisConnection<StatefulRedisConnection<String, String>> redis;
    private final ExecutorService computers;
    private final Tracer tracer;
    private final boolean tracing;
    /** Indexes queued and not yet started: messages and sweeps asking again add no second task. */
    private final Set<Integer> waiting = ConcurrentHashMap.newKeySet();
    private final Timer computeTime;
    private final Counter valuesComputed;

    public ComputeQueue(BackgroundRedisConnection<StatefulRedisConnection<String, String>> redis,
                        @Named("compute") ExecutorService computers, MeterRegistry registry,
                        OpenTelemetry openTelemetry, TraceSettings traceSettings) {
        this.redis = redis;
        this.computers = computers;
        this.tracer = openTelemetry.getTracer("dev.multidocker.worker");
        this.tracing = traceSettings.exporting();
        this.computeTime = Timer.builder("worker.compute.time")
                .description("Time to compute one Fibonacci value, without storing it").register(registry);
        this.valuesComputed = Counter.builder("worker.values.computed")
                .description("Values computed and stored in Redis").register(registry);
    }

    public void submit(int index) {
        if (!waiting.add(index)) {
            return;
        }
        try {
            computers.execute(() -> compute(index));
        } catch (RejectedExecutionException e) {
            waiting.remove(index);
            LOG.info("Stopping: fib({}) stays pending for the next worker", index);
        }
    }

    private void compute(int index) {
        // Leaving the set before computing: a request arriving meanwhile computes again rather than being lost.
        waiting.remove(index);
        String field = CanonicalIndex.format(index);
        var connection = redis.open();
        Span task = tracer.spanBuilder("insert process").setSpanKind(SpanKind.CONSUMER)
                .setParent(connection.isPresent() ? postOf(connection.get(), field) : Context.root())
                .setAttribute("messaging.system", "redis")
                .setAttribute("messaging.destination.name", ValuesContract.INSERT_CHANNEL)
                .setAttribute("fib.index", index)
                .startSpan();
        try (Scope inTask = task.makeCurrent()) {
            String value = computed(index);
            if (connection.isEmpty()) {
                LOG.warn("Redis is down: fib({}) waits for the next sweep", index);
                return;
            }
            // Synchronous, so that a finished task is a stored value, which is what the drain waits for.
            connection.get().sync().hset(ValuesContract.VALUES_HASH, field, value);
            valuesComputed.increment();
        } catch (RedisException e) {
            LOG.warn("Could not store fib({}) ({}); the sweep will retry", index, e.getMessage());
        } finally {
            task.end();
        }
    }

    private String computed(int index) {
        Span computation = tracer.spanBuilder("fib compute").startSpan();
        try {
            return computeTime.record(() -> Fibonacci.of(index).toString());
        } finally {
            computation.end();
        }
    }

    /** The POST's context the API left for this index, read once; none with tracing off or from a sweep. */
    private Context postOf(StatefulRedisConnection<String, String> connection, String field) {
        if (!tracing) {
            return Context.root();
        }
        try {
            return Optional.ofNullable(connection.sync().getdel(ValuesContract.insertTraceKey(field)))
                    .map(InsertTrace::parentOf).orElse(Context.root());
        } catch (RedisException e) {
            return Context.root();
        }
    }

    /** On SIGTERM: compute and store what is queued, for a bounded time. */
    @PreDestroy
    void drain() throws InterruptedException {
        computers.shutdown();
        if (!computers.awaitTermination(DRAIN_SECONDS, TimeUnit.SECONDS)) {
            LOG.warn("Stopping with indexes still queued; they stay pending for the next worker");
            computers.shutdownNow();
        }
    }
}
