package dev.multidocker.api.values;

import dev.multidocker.common.redis.BackgroundRedisConnection;
import dev.multidocker.common.values.CanonicalIndex;
import dev.multidocker.common.values.ValuesContract;
import io.lettuce.core.RedisChannelHandler;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisConnectionStateListener;
import io.lettuce.core.TrackingArgs;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.push.PushListener;
import io.lettuce.core.api.push.PushMessage;
import io.micronaut.json.JsonMapper;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.SocketAddress;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The body of {@code GET /values/current}, read from the hash and written as JSON once per change of the
 * hash rather than once per request: the page polls it while values are pending, and every poll used to
 * cost a round trip to Redis, a sort and a serialization.
 * <p>
 * Redis says when the body goes stale. The connection turns on client tracking (Redis 6+, RESP3), so after
 * it reads the hash Redis pushes an {@code invalidate} message as soon as anything changes it: the worker's
 * results, the API's own pending entries, a flush, another client. A body is kept only if nothing happened
 * between its read and its reply (no invalidation, disconnect or reconnect), and only while tracking is on.
 * Where Redis cannot track (older than 6, or RESP2 only), every request reads the hash, as before.
 */
@Singleton
class CurrentValues {

    private static final Logger LOG = LoggerFactory.getLogger(CurrentValues.class);

    /** Numeric order for canonical indexes; anything foreign in the hash goes last, in text order. */
    private static final Comparator<Map.Entry<Integer, String>> BY_INDEX =
            Map.Entry.<Integer, String>comparingByKey().thenComparing(Map.Entry::getValue);

    private final BackgroundRedisConnection<StatefulRedisConnection<String, String>> redis;
    private final JsonMapper json;
    /** Bumped by every event after which a body read earlier may be stale. */
    private final AtomicLong changes = new AtomicLong();
    private final AtomicBoolean enablingTracking = new AtomicBoolean();
    private final PushListener invalidations = this::onPush;
    private volatile boolean tracking;
    private volatile boolean trackingUnsupported;
    private volatile StatefulRedisConnection<String, String> listenedTo;
    private volatile Body held;

    private record Body(long version, byte[] json) {
    }

    CurrentValues(BackgroundRedisConnection<StatefulRedisConnection<String, String>> redis, RedisClient client,
                  JsonMapper json) {
        this.redis = redis;
        this.json = json;
        // Tracking belongs to one server connection: a reconnect starts without it.
        client.addListener(new RedisConnectionStateListener() {
            @Override
            public void onRedisConnected(RedisChannelHandler<?, ?> connection, SocketAddress address) {
                lostTracking();
            }

            @Override
            public void onRedisDisconnected(RedisChannelHandler<?, ?> connection) {
                lostTracking();
            }
        });
    }

    /** index → value as JSON, ordered by numeric index. */
    CompletionStage<byte[]> json() {
        long version = changes.get();
        Body body = held;
        if (body != null && body.version() == version) {
            return CompletableFuture.completedFuture(body.json());
        }
        StatefulRedisConnection<String, String> connection = redis.require();
        boolean tracked = tracking;
        if (!tracked) {
            enableTracking(connection);
        }
        return connection.async().hgetall(ValuesContract.VALUES_HASH).thenApply(all -> {
            byte[] rendered = render(all);
            if (tracked && changes.get() == version) {
                held = new Body(version, rendered);
            }
            return rendered;
        });
    }

    private void enableTracking(StatefulRedisConnection<String, String> connection) {
        if (trackingUnsupported || !enablingTracking.compareAndSet(false, true)) {
            return;
        }
        if (listenedTo != connection) {
            connection.addListener(invalidations);
            listenedTo = connection;
        }
        long version = changes.get();
        connection.async().clientTracking(TrackingArgs.Builder.enabled()).whenComplete((ok, error) -> {
            enablingTracking.set(false);
            if (error == null) {
                // Only if no reconnect came between: that one would have started without tracking.
                tracking = changes.get() == version;
            } else if (error.getMessage() != null && error.getMessage().startsWith("ERR")) {
                trackingUnsupported = true;
                LOG.info("Redis does not track keys for this client ({}): GET /values/current reads the hash "
                        + "on every request", error.getMessage());
            }
        });
    }

    private void onPush(PushMessage message) {
        if (message.getType().equals("invalidate")) {
            changes.incrementAndGet();
        }
    }

    private void lostTracking() {
        tracking = false;
        changes.incrementAndGet();
    }

    private byte[] render(Map<String, String> all) {
        Map<String, String> ordered = new LinkedHashMap<>();
        all.entrySet().stream()
                .map(entry -> Map.entry(CanonicalIndex.parse(entry.getKey()).orElse(Integer.MAX_VALUE), entry.getKey()))
                .sorted(BY_INDEX)
                .forEach(field -> ordered.put(field.getValue(), all.get(field.getValue())));
        try {
            return json.writeValueAsBytes(ordered);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
