package dev.multidocker.api.values;

import dev.multidocker.api.TestStores;
import dev.multidocker.contract.ValuesContract;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.sync.RedisCommands;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.client.HttpClient;
import io.micronaut.http.client.annotation.Client;
import io.micronaut.http.client.exceptions.HttpClientResponseException;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.test.support.TestPropertyProvider;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * POST /values against real PostgreSQL and Redis, with no worker: what is accepted is recorded, marked
 * pending and published; what is refused leaves PostgreSQL, the hash and the channel untouched.
 */
@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SubmitIndexTest implements TestPropertyProvider {

    private static final TestStores STORES = TestStores.shared();

    @Inject
    @Client("/")
    HttpClient http;

    private RedisClient redisClient;
    private RedisCommands<String, String> redis;
    private StatefulRedisPubSubConnection<String, String> subscription;
    private final BlockingQueue<String> published = new LinkedBlockingQueue<>();

    @Override
    public Map<String, String> getProperties() {
        return STORES.apiProperties();
    }

    @BeforeAll
    void connectAndAwaitReadiness() {
        redisClient = RedisClient.create(STORES.redisUri());
        redis = redisClient.connect().sync();
        subscription = redisClient.connectPubSub();
        subscription.addListener(new RedisPubSubAdapter<>() {
            @Override
            public void message(String channel, String message) {
                published.add(message);
            }
        });
        subscription.sync().subscribe(ValuesContract.INSERT_CHANNEL);
        Instant deadline = Instant.now().plus(Duration.ofSeconds(30));
        while (readiness() != HttpStatus.OK) {
            assertTrue(Instant.now().isBefore(deadline), "api-server not ready within 30 s");
        }
    }

    @AfterAll
    void disconnect() {
        redisClient.shutdown();
    }

    @BeforeEach
    void emptyStores() throws SQLException {
        try (Connection connection = database(); Statement statement = connection.createStatement()) {
            statement.execute("TRUNCATE values");
        }
        redis.del(ValuesContract.VALUES_HASH);
        published.clear();
    }

    static Stream<Arguments> refusedBodies() {
        return Stream.of(
                Arguments.of("{\"index\": \"abc\"}", 400, "got \"abc\""),
                Arguments.of("{\"index\": -5}", 400, "must not be negative"),
                Arguments.of("{\"index\": \"-5\"}", 400, "got \"-5\""),
                Arguments.of("{\"index\": \"1e3\"}", 400, "got \"1e3\""),
                Arguments.of("{\"index\": 1e3}", 400, "whole decimal number"),
                Arguments.of("{\"index\": 2.5}", 400, "got 2.5"),
                Arguments.of("{\"index\": \"2.5\"}", 400, "got \"2.5\""),
                Arguments.of("{\"index\": 41}", 422, "Index too high"),
                Arguments.of("{\"index\": \"41\"}", 422, "Index too high"),
                Arguments.of("{}", 400, "index is missing"),
                Arguments.of("{\"number\": 5}", 400, "index is missing"),
                Arguments.of("{\"index\": null}", 400, "index is null"),
                Arguments.of("{\"index\": true}", 400, "got a boolean"),
                Arguments.of("{\"index\": [5]}", 400, "got an array"),
                Arguments.of("{\"index\": \"123456789012345678901234567890\"}", 400, "out of range"),
                Arguments.of("{\"index\": 123456789012345678901234567890}", 400, "out of range"),
                Arguments.of("{\"index\": 5", 400, "not valid JSON"),
                Arguments.of("index=5", 400, "not valid JSON"),
                Arguments.of("[5]", 400, "must be a JSON object"),
                Arguments.of("", 400, "body is empty"));
    }

    @ParameterizedTest(name = "{0} → {1}")
    @MethodSource("refusedBodies")
    void refusesWithAMessageAndStoresNothing(String body, int status, String message) throws Exception {
        HttpClientResponseException refusal = assertThrows(HttpClientResponseException.class, () -> http.toBlocking()
                .exchange(HttpRequest.POST("/values", body).contentType(MediaType.APPLICATION_JSON)));

        assertRefused(refusal, status, message);
        assertNothingStoredOrPublished();
    }

    @Test
    void refusesAWrongContentTypeAndStoresNothing() throws Exception {
        HttpClientResponseException refusal = assertThrows(HttpClientResponseException.class, () -> http.toBlocking()
                .exchange(HttpRequest.POST("/values", "{\"index\": 5}").contentType(MediaType.TEXT_PLAIN)));

        assertRefused(refusal, 415, "text/plain");
        assertNothingStoredOrPublished();
    }

    @Test
    void acceptsANumberOrADecimalStringAndRecordsEachIndexOnce() throws Exception {
        for (String body : List.of("{\"index\": 5}", "{\"index\": \"7\"}", "{\"index\": \"5\"}", "{\"index\": \"007\"}")) {
            HttpResponse<Map> response = http.toBlocking()
                    .exchange(HttpRequest.POST("/values", body).contentType(MediaType.APPLICATION_JSON), Map.class);
            assertEquals(Map.of("working", true), response.body());
        }

        assertEquals(List.of(5, 7), recordedIndexes());
        assertEquals(Map.of("5", ValuesContract.PENDING, "7", ValuesContract.PENDING),
                redis.hgetall(ValuesContract.VALUES_HASH));
        // A repeat finds its entry pending, its message already sent: it is not published again.
        assertEquals(List.of("5", "7"), publishedUntilMarker());
        assertEquals("[{\"number\":5},{\"number\":7}]", http.toBlocking().retrieve("/values/all"));
    }

    @Test
    void neverOverwritesAComputedValueNorAsksForItAgain() throws Exception {
        redis.hset(ValuesContract.VALUES_HASH, "6", "13");

        http.toBlocking().exchange(HttpRequest.POST("/values", "{\"index\": 6}").contentType(MediaType.APPLICATION_JSON));

        assertEquals("13", redis.hget(ValuesContract.VALUES_HASH, "6"));
        assertEquals(List.of(), publishedUntilMarker());
        assertEquals(List.of(6), recordedIndexes());
    }

    @Test
    void listsCurrentValuesInNumericOrder() {
        redis.hset(ValuesContract.VALUES_HASH, Map.of("10", "89", "9", "55", "2", ValuesContract.PENDING));

        assertEquals("{\"2\":\"Nothing yet!\",\"9\":\"55\",\"10\":\"89\"}",
                http.toBlocking().retrieve("/values/current"));
    }

    @Test
    void greetsLikeTheCourse() {
        assertEquals("Hi", http.toBlocking().retrieve("/"));
    }

    private static void assertRefused(HttpClientResponseException refusal, int status, String message) {
        assertEquals(status, refusal.getStatus().getCode());
        String error = refusal.getResponse().getBody(Map.class).map(body -> (String) body.get("error")).orElse("");
        assertTrue(error.contains(message), "error '" + error + "' should contain '" + message + "'");
    }

    private void assertNothingStoredOrPublished() throws Exception {
        assertEquals(List.of(), recordedIndexes());
        assertEquals(Map.of(), redis.hgetall(ValuesContract.VALUES_HASH));
        assertEquals(List.of(), publishedUntilMarker());
    }

    /**
     * Everything published on the channel before a marker this test publishes now. Redis delivers a
     * channel's messages in publish order, and the API publishes before it answers, so anything the request
     * published arrives before the marker.
     */
    private List<String> publishedUntilMarker() throws InterruptedException {
        String marker = "marker-" + UUID.randomUUID();
        redis.publish(ValuesContract.INSERT_CHANNEL, marker);
        List<String> before = new ArrayList<>();
        while (true) {
            String message = published.poll(10, TimeUnit.SECONDS);
            if (message == null) {
                fail("the marker never arrived on the channel");
            }
            if (message.equals(marker)) {
                return before;
            }
            before.add(message);
        }
    }

    private List<Integer> recordedIndexes() throws SQLException {
        List<Integer> indexes = new ArrayList<>();
        try (Connection connection = database(); Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("SELECT number FROM values ORDER BY id")) {
            while (rows.next()) {
                indexes.add(rows.getInt(1));
            }
        }
        return indexes;
    }

    private static Connection database() throws SQLException {
        return DriverManager.getConnection(STORES.jdbcUrl(), STORES.user(), STORES.password());
    }

    private HttpStatus readiness() {
        try {
            return http.toBlocking().exchange("/health/readiness").getStatus();
        } catch (HttpClientResponseException e) {
            return e.getStatus();
        }
    }
}
