package dev.multidocker.api.values;

import dev.multidocker.api.ApiErrors;
import dev.multidocker.contract.CanonicalIndex;
import dev.multidocker.contract.ValuesContract;
import dev.multidocker.service.redis.BackgroundRedisConnection;
import io.lettuce.core.KeyValue;
import io.lettuce.core.RedisChannelHandler;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisConnectionStateListener;
import io.lettuce.core.TrackingArgs;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.async.RedisAsyncCommands;
import io.lettuce.core.api.push.PushListener;
import io.lettuce.core.api.push.PushMessage;
import io.micronaut.json.JsonMapper;
import jakarta.inject.Singleton;
import org.reactivestreams.Publisher;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.SocketAddress;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
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
    /**
     * Fields read per HMGET: all 41 of the default limit in one, and about 270 KB of digits at an index of
     * 20,000 (about 4,200 digits a value). A page is held about three times over (Redis's reply, its
     * strings, the rendered JSON) by every request streaming at once, inside the heap of jvm.options.
     */
    private static final int PAGE_FIELDS = 64;
    private static final byte[] EMPTY_OBJECT = {'{', '}'};

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

    /**
     * index → value as JSON, ordered by numeric index, in pieces. The field names are small (a few bytes
     * each, even for 20,001 entries), so they are read whole and sorted; the values (thousands of digits
     * each at a high limit) are read a page at a time and each page is written out before the next is
     * read, so the answer never needs the whole hash in memory. A hash that fits one page, as it does at the
     * default limit, is one piece, kept for the next polls.
     */
    Publisher<byte[]> json() {
        long version = changes.get();
        Body body = held;
        if (body != null && body.version() == version) {
            return Mono.just(body.json());
        }
        StatefulRedisConnection<String, String> connection = redis.require();
        boolean tracked = tracking;
        if (!tracked) {
            enableTracking(connection);
        }
        RedisAsyncCommands<String, String> commands = connection.async();
        return Mono.fromCompletionStage(RedisValues.asStoreFault(() -> commands.hkeys(ValuesContract.VALUES_HASH)))
                .flatMapMany(fields -> {
                    List<List<String>> pages = pages(inIndexOrder(fields));
                    // Pages are rendered one after the other (concatMap): a comma goes before every entry but the
                    // first written, which need not be on the first page if fields vanished since HKEYS.
                    AtomicBoolean wroteEntry = new AtomicBoolean();
                    if (pages.size() == 1) {
                        return page(commands, pages.get(0), true, true, wroteEntry).doOnNext(rendered -> {
                            if (tracked && changes.get() == version) {
                                held = new Body(version, rendered);
                            }
                        });
                    }
                    int last = pages.size() - 1;
                    return Flux.range(0, pages.size())
                            .concatMap(page -> page(commands, pages.get(page), page == 0, page == last, wroteEntry), 1);
                })
                .onErrorMap(ApiErrors::forStreamedAnswer);
    }

    private Mono<byte[]> page(RedisAsyncCommands<String, String> commands, List<String> fields, boolean first,
                              boolean last, AtomicBoolean wroteEntry) {
        if (fields.isEmpty()) {
            return Mono.just(EMPTY_OBJECT);
        }
        return Mono.fromCompletionStage(RedisValues.asStoreFault(
                        () -> commands.hmget(ValuesContract.VALUES_HASH, fields.toArray(String[]::new))))
                .map(values -> render(values, first, last, wroteEntry));
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
        CompletionStage<String> enabled;
        try {
            enabled = connection.async().clientTracking(TrackingArgs.Builder.enabled());
        } catch (RuntimeException refused) {
            // Lettuce stopping with the service: the request goes on untracked and HKEYS answers for Redis.
            enablingTracking.set(false);
            return;
        }
        enabled.whenComplete((ok, error) -> {
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

    private static List<String> inIndexOrder(List<String> fields) {
        return fields.stream()
                .map(field -> Map.entry(CanonicalIndex.parse(field).orElse(Integer.MAX_VALUE), field))
                .sorted(BY_INDEX)
                .map(Map.Entry::getValue)
                .toList();
    }

    private static List<List<String>> pages(List<String> fields) {
        if (fields.isEmpty()) {
            return List.of(fields);
        }
        List<List<String>> pages = new ArrayList<>();
        for (int from = 0; from < fields.size(); from += PAGE_FIELDS) {
            pages.add(fields.subList(from, Math.min(from + PAGE_FIELDS, fields.size())));
        }
        return pages;
    }

    /** One page of the object; a field deleted since the names were read is left out. */
    private byte[] render(List<KeyValue<String, String>> entries, boolean first, boolean last, AtomicBoolean wroteEntry) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        if (first) {
            out.write('{');
        }
        try {
            for (KeyValue<String, String> entry : entries) {
                if (entry.hasValue()) {
                    if (wroteEntry.getAndSet(true)) {
                        out.write(',');
                    }
                    out.write(json.writeValueAsBytes(entry.getKey()));
                    out.write(':');
                    out.write(json.writeValueAsBytes(entry.getValue()));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (last) {
            out.write('}');
        }
        return out.toByteArray();
    }
}
