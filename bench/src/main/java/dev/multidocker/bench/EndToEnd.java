package dev.multidocker.bench;

import dev.multidocker.system.ApiClient;
import io.lettuce.core.api.sync.RedisCommands;

import java.time.Duration;
import java.util.concurrent.locks.LockSupport;

/**
 * From POST to the value being visible in {@code GET /api/values/current}, through the router, as the
 * page sees it. The index's entry is removed first each time, so every submission is computed again.
 */
final class EndToEnd {

    private static final long POLL_NANOS = 200_000;
    private static final Duration GIVE_UP = Duration.ofSeconds(30);

    private EndToEnd() {
    }

    /** {@code submissions} at a steady {@code perSecond}. */
    static Latencies measure(ApiClient api, RedisCommands<String, String> redis, int index, int submissions,
                             int perSecond) {
        long[] latencies = new long[submissions];
        long interval = 1_000_000_000L / perSecond;
        long next = System.nanoTime();
        String field = Integer.toString(index);
        for (int i = 0; i < submissions; i++) {
            LockSupport.parkNanos(next - System.nanoTime());
            next += interval;
            redis.hdel("values", field);
            long start = System.nanoTime();
            ApiClient.Response accepted = api.submit(index);
            if (accepted.status() != 200) {
                throw new IllegalStateException("POST of " + index + " answered " + accepted);
            }
            while (!computed(api, field)) {
                if (System.nanoTime() - start > GIVE_UP.toNanos()) {
                    throw new IllegalStateException("index " + index + " not computed within " + GIVE_UP);
                }
                LockSupport.parkNanos(POLL_NANOS);
            }
            latencies[i] = System.nanoTime() - start;
        }
        return Latencies.ofNanos(latencies);
    }

    private static boolean computed(ApiClient api, String field) {
        String value = api.current().get(field);
        return value != null && !value.equals(ApiClient.PENDING);
    }
}
