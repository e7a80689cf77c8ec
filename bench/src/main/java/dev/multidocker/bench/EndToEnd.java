package dev.multidocker.bench;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.multidocker.fixtures.Await;
import dev.multidocker.fixtures.stack.ApiClient;
import io.lettuce.core.api.sync.RedisCommands;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.locks.LockSupport;

/**
 * From POST to the value being visible in {@code GET /api/values/current}, through the router, as the
 * page sees it. The index's entry is removed first each time, so every submission is computed again.
 * <p>
 * Requests go out on the measuring thread itself, over kept-alive connections ({@link HttpURLConnection}):
 * java.net.http hands every exchange to threads of its own, which on 2 idle cores added about a millisecond
 * to each round trip at 20 submissions a second (measured), more than the API's own share.
 */
final class EndToEnd {

    /** Fine enough not to blur a latency of a few milliseconds. */
    private static final Duration POLL = Duration.ofNanos(200_000);
    private static final Duration GIVE_UP = Duration.ofSeconds(30);
    private static final int TIMEOUT_MILLIS = 5_000;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final TypeReference<Map<String, String>> CURRENT = new TypeReference<>() { };

    private EndToEnd() {
    }

    /** {@code submissions} at a steady {@code perSecond}, through {@code api} (the router's /api/). */
    static Latencies measure(URI api, RedisCommands<String, String> redis, int index, int submissions,
                             int perSecond) {
        String field = Integer.toString(index);
        URI values = api.resolve("values");
        URI current = api.resolve("values/current");
        return paced(submissions, perSecond, () -> redis.hdel("values", field), () -> {
            String accepted = exchange(values, "{\"index\":" + index + "}");
            if (!accepted.contains("\"working\":true")) {
                throw new IllegalStateException("POST of " + index + " answered " + accepted);
            }
            if (!Await.until(GIVE_UP, POLL, () -> computed(exchange(current, null), field))) {
                throw new IllegalStateException("index " + index + " not computed within " + GIVE_UP);
            }
        });
    }

    /**
     * The least {@link #measure} can take on this machine: the same POST and one poll, paced the same, through
     * {@code api} to a server that answers both at once.
     */
    static Latencies floor(URI api, int index, int submissions, int perSecond) {
        URI values = api.resolve("values");
        URI current = api.resolve("values/current");
        return paced(submissions, perSecond, () -> { }, () -> {
            exchange(values, "{\"index\":" + index + "}");
            exchange(current, null);
        });
    }

    private static Latencies paced(int submissions, int perSecond, Runnable beforeEach, Runnable measured) {
        long[] latencies = new long[submissions];
        long interval = 1_000_000_000L / perSecond;
        long next = System.nanoTime();
        for (int i = 0; i < submissions; i++) {
            LockSupport.parkNanos(next - System.nanoTime());
            next += interval;
            beforeEach.run();
            long start = System.nanoTime();
            measured.run();
            latencies[i] = System.nanoTime() - start;
        }
        return Latencies.ofNanos(latencies);
    }

    private static boolean computed(String currentValues, String field) {
        try {
            String value = JSON.readValue(currentValues, CURRENT).get(field);
            return value != null && !value.equals(ApiClient.PENDING);
        } catch (IOException e) {
            throw new UncheckedIOException("GET /api/values/current answered no JSON object: " + currentValues, e);
        }
    }

    /** A GET, or a POST of {@code jsonBody}; the body of a 200 answer. */
    private static String exchange(URI uri, String jsonBody) {
        try {
            HttpURLConnection connection = (HttpURLConnection) uri.toURL().openConnection();
            connection.setConnectTimeout(TIMEOUT_MILLIS);
            connection.setReadTimeout(TIMEOUT_MILLIS);
            if (jsonBody != null) {
                connection.setRequestMethod("POST");
                connection.setDoOutput(true);
                connection.setRequestProperty("Content-Type", "application/json");
                try (OutputStream out = connection.getOutputStream()) {
                    out.write(jsonBody.getBytes(StandardCharsets.UTF_8));
                }
            }
            int status = connection.getResponseCode();
            if (status != 200) {
                throw new IllegalStateException(uri + " answered " + status);
            }
            // Read to the end and closed, the connection goes back to the keep-alive cache.
            try (InputStream in = connection.getInputStream()) {
                return new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(uri + " could not be reached", e);
        }
    }
}
