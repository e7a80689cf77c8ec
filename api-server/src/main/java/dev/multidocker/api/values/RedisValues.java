package dev.multidocker.api.values;

import dev.multidocker.api.StoreFaultLog;
import dev.multidocker.contract.CanonicalIndex;
import dev.multidocker.contract.InsertTrace;
import dev.multidocker.contract.ValuesContract;
import dev.multidocker.service.redis.BackgroundRedisConnection;
import dev.multidocker.service.redis.RedisUnavailableException;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.async.RedisAsyncCommands;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import jakarta.inject.Singleton;
import org.slf4j.LoggerFactory;

import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;

/** The API's writes to the Redis contract, and the repair's check of what the hash lacks. */
@Singleton
class RedisValues {

    private static final StoreFaultLog FAULTS =
            new StoreFaultLog(LoggerFactory.getLogger(RedisValues.class), "Redis command failed");

    private final BackgroundRedisConnection<StatefulRedisConnection<String, String>> redis;

    RedisValues(BackgroundRedisConnection<StatefulRedisConnection<String, String>> redis) {
        this.redis = redis;
    }

    /**
     * Sets the index pending unless the hash already has it, and tells the workers only then. An entry
     * already there is a computed value, which a worker would only compute again, or a pending one, whose
     * message went out with it (or, lost while no worker listened, the workers' sweep finds it): with the
     * default limit's 41 indexes nearly every POST is one of those, and answers after one round trip with no
     * work for a worker. While the POST's span is sampled, its traceparent goes just before the message, so
     * the worker finds it with the message. Completes when Redis has answered, within the client's command
     * timeout, on no thread of its own.
     */
    CompletionStage<Void> markPendingAndPublish(int index) {
        String field = CanonicalIndex.format(index);
        RedisAsyncCommands<String, String> commands = redis.require().async();
        // The answer arrives on Lettuce's thread: the request's trace goes along, so the commands are its spans.
        Context trace = Context.current();
        return asStoreFault(() -> commands.hsetnx(ValuesContract.VALUES_HASH, field, ValuesContract.PENDING)
                .thenCompose(setPending -> {
                    if (!setPending) {
                        return CompletableFuture.completedFuture(null);
                    }
                    try (Scope inRequest = trace.makeCurrent()) {
                        InsertTrace.ofCurrentSpan().ifPresent(traceparent -> commands.setex(
                                ValuesContract.insertTraceKey(field), ValuesContract.INSERT_TRACE_SECONDS, traceparent));
                        return commands.publish(ValuesContract.INSERT_CHANNEL, field).thenApply(listeners -> null);
                    }
                }));
    }

    /**
     * A command Redis did not answer, as the fault of Redis. Lettuce fails a command in flight when its
     * connection drops with what the socket said, often an {@code IOException} ("Connection reset by
     * peer"); reaching Micronaut as it is, that reads as the HTTP client's own connection closing, answered
     * 400 "Stream closed", as if the request were wrong. A command Lettuce refuses at once (its timer already
     * stopped while the service stops: "cannot be started once stopped") is a store fault too, not a 500.
     */
    static <T> CompletionStage<T> asStoreFault(Supplier<? extends CompletionStage<T>> command) {
        CompletionStage<T> sent;
        try {
            sent = command.get();
        } catch (RuntimeException refused) {
            sent = CompletableFuture.failedStage(refused);
        }
        return sent.exceptionallyCompose(error -> {
            Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
            if (cause instanceof RedisUnavailableException) {
                return CompletableFuture.failedStage(cause);
            }
            FAULTS.failed(cause.toString());
            return CompletableFuture.failedStage(new RedisUnavailableException("Redis is unavailable"));
        });
    }

    /** The indexes among {@code recorded} that the hash has no entry for. */
    List<Integer> missing(Collection<Integer> recorded) {
        Set<String> present = new HashSet<>(redis.require().sync().hkeys(ValuesContract.VALUES_HASH));
        return recorded.stream().filter(index -> !present.contains(CanonicalIndex.format(index))).toList();
    }
}
