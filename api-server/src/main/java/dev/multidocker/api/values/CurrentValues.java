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
import java.util.Arrays;
import java.util.List;
import java.util.OptionalInt;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The body of {@code GET /values/current}, read from the hash and written as JSON once per change of the
 * hash rather than once per request: the page polls it while values are pending, and every poll used to
 * cost a round trip to Redis, a sort and a serialization.
 * <p>
 * Redis says when the body goes stale. The connection turns on client tracking (Redis 6+, RESP3), so after
 * it reads the hash Redis pushes an {@code invalidate} message as soon as anything changes it: the worker's
 * results, the API's own pending entries, a flush, another client. A body is kept ({@link KeptAnswer}) only if
 * nothing happened between its read and its reply (no invalidation, disconnect or reconnect), and only while
 * tracking is on.
 * Where Redis cannot track (older than 6, or RESP2 only), every request reads the hash, as before.
 */
@Singleton
class CurrentValues {

    private static final Logger LOG = LoggerFactory.getLogger(CurrentValues.class);

    /**
     * Fields read per HMGET: all 41 of the default limit in one, and about 270 KB of digits at an index of
     * 20,000 (about 4,200 digits a value). A page is held about three times over (Redis's reply, its
     * strings, the rendered JSON) by every request streaming at once, inside the heap of jvm.options.
     */
    private static final int PAGE_FIELDS = 64;
    private static final byte[] EMPTY_OBJECT = {'{', '}'};

    private final BackgroundRedisConnection<StatefulRedisConnection<String, String>> redis;
    private final JsonMapper json;
    private final KeptAnswer kept = new KeptAnswer();
    private final AtomicBoolean enablingTracking = new AtomicBoolean();
    private final PushListener invalidations = this::onPush;
    private volatile boolean trackingUnsupported;
    private volatile StatefulRedisConnection<String, String> listenedTo;

    CurrentValues(BackgroundRedisConnection<StatefulRedisConnection<String, String>> redis, RedisClient client,
                  JsonMapper json) {
        this.redis = redis;
        this.json = json;
        // Tracking belongs to one server connection: a reconnect starts without it.
        client.addListener(new RedisConnectionStateListener() {
            @Override
            public void onRedisConnected(RedisChannelHandler<?, ?> connection, SocketAddress address) {
                kept.notNotified();
            }

            @Override
            public void onRedisDisconnected(RedisChannelHandler<?, ?> connection) {
                kept.notNotified();
            }
        });
    }

    /**
     * index → value as JSON, ordered by numeric index, in pieces. The field names are read whole and sorted;
     * the values (thousands of digits each at a high limit) are read a page at a time and each page is
     * written out before the next is read, so the answer never needs the whole hash in memory. A hash that
     * fits one page, as it does at the default limit, is one piece, kept for the next polls.
     */
    Publisher<byte[]> json() {
        byte[] answer = kept.answer();
        if (answer != null) {
            return Mono.just(answer);
        }
        long changesBefore = kept.changes();
        StatefulRedisConnection<String, String> connection = redis.require();
        if (!kept.notified()) {
            enableTracking(connection);
        }
        RedisAsyncCommands<String, String> commands = connection.async();
        // The names are sorted as HKEYS answers: the stage the answer keeps then holds only what is sorted.
        return Mono.fromCompletionStage(RedisValues.asStoreFault(
                        () -> commands.hkeys(ValuesContract.VALUES_HASH).thenApply(FieldOrder::of)))
                .flatMapMany(order -> {
                    // Pages are rendered one after the other (concatMap): a comma goes before every entry but the
                    // first written, which need not be on the first page if fields vanished since HKEYS.
                    AtomicBoolean wroteEntry = new AtomicBoolean();
                    int last = order.pages() - 1;
                    if (last == 0) {
                        return page(commands, order.page(0), true, true, wroteEntry)
                                .doOnNext(rendered -> kept.keep(changesBefore, rendered));
                    }
                    return Flux.range(0, last + 1)
                            .concatMap(page -> page(commands, order.page(page), page == 0, page == last, wroteEntry), 1);
                })
                .onErrorMap(ApiErrors::forStreamedAnswer);
    }

    /**
     * The hash's field names in the answer's order, held by a request while it streams: the canonical indexes
     * as ints, anything foreign after them, in text order. At 20,001 entries the strings HKEYS returns and
     * their sort are about 2 MB; held by each of several requests at once, they filled the heap of
     * jvm.options (sixteen at once: out of memory, the process gone mid-answer). As ints they are 80 KB.
     */
    private record FieldOrder(int[] indexes, String[] foreign) {

        static FieldOrder of(List<String> fields) {
            int[] indexes = new int[fields.size()];
            int canonical = 0;
            List<String> foreign = new ArrayList<>();
            for (String field : fields) {
                OptionalInt index = CanonicalIndex.parse(field);
                if (index.isPresent()) {
                    indexes[canonical++] = index.getAsInt();
                } else {
                    foreign.add(field);
                }
            }
            int[] inOrder = Arrays.copyOf(indexes, canonical);
            Arrays.sort(inOrder);
            return new FieldOrder(inOrder, foreign.stream().sorted().toArray(String[]::new));
        }

        int size() {
            return indexes.length + foreign.length;
        }

        int pages() {
            return Math.max(1, (size() + PAGE_FIELDS - 1) / PAGE_FIELDS);
        }

        String[] page(int page) {
            int from = page * PAGE_FIELDS;
            int to = Math.min(from + PAGE_FIELDS, size());
            String[] fields = new String[to - from];
            for (int field = from; field < to; field++) {
                fields[field - from] = field < indexes.length
                        ? CanonicalIndex.format(indexes[field]) : foreign[field - indexes.length];
            }
            return fields;
        }
    }

    private Mono<byte[]> page(RedisAsyncCommands<String, String> commands, String[] fields, boolean first,
                              boolean last, AtomicBoolean wroteEntry) {
        if (fields.length == 0) {
            return Mono.just(EMPTY_OBJECT);
        }
        return Mono.fromCompletionStage(RedisValues.asStoreFault(() -> commands.hmget(ValuesContract.VALUES_HASH, fields)))
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
        long changesBefore = kept.changes();
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
                kept.notifiedFromNowIfUnchangedSince(changesBefore);
            } else if (error.getMessage() != null && error.getMessage().startsWith("ERR")) {
                trackingUnsupported = true;
                LOG.info("Redis does not track keys for this client ({}): GET /values/current reads the hash "
                        + "on every request", error.getMessage());
            }
        });
    }

    private void onPush(PushMessage message) {
        if (message.getType().equals("invalidate")) {
            kept.changed();
        }
    }

    /** One page of the object; a field deleted since the names were read is left out. */
    private byte[] render(List<KeyValue<String, String>> entries, boolean first, boolean last, AtomicBoolean wroteEntry) {
        // Sized for the page up front: grown by doubling, a page of 270 KB would leave as much again behind.
        int size = 2;
        for (KeyValue<String, String> entry : entries) {
            size += entry.getKey().length() + (entry.hasValue() ? entry.getValue().length() : 0) + 6;
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(size);
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
