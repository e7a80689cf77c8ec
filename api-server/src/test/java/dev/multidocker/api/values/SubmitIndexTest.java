package dev.multidocker.api.values;

import dev.multidocker.api.TestStores;
import dev.multidocker.contract.ValuesContract;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.sync.RedisCommands;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
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
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.fail;

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
        assertThat(TestStores.becomesReady(http)).as("api-server not ready within 30 s").isTrue();
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
        HttpClientResponseException refusal = assertThatExceptionOfType(HttpClientResponseException.class)
                .isThrownBy(() -> http.toBlocking()
                        .exchange(HttpRequest.POST("/values", body).contentType(MediaType.APPLICATION_JSON)))
                .actual();

        assertRefused(refusal, status, message);
        assertNothingStoredOrPublished();
    }

    @Test
    void refusesAWrongContentTypeAndStoresNothing() throws Exception {
        HttpClientResponseException refusal = assertThatExceptionOfType(HttpClientResponseException.class)
                .isThrownBy(() -> http.toBlocking()
                        .exchange(HttpRequest.POST("/values", "{\"index\": 5}").contentType(MediaType.TEXT_PLAIN)))
                .actual();

        assertRefused(refusal, 415, "text/plain");
        assertNothingStoredOrPublished();
    }

    @Test
    void acceptsANumberOrADecimalStringAndRecordsEachIndexOnce() throws Exception {
        for (String body : List.of("{\"index\": 5}", "{\"index\": \"7\"}", "{\"index\": \"5\"}", "{\"index\": \"007\"}")) {
            HttpResponse<Map> response = http.toBlocking()
                    .exchange(HttpRequest.POST("/values", body).contentType(MediaType.APPLICATION_JSON), Map.class);
            assertThat(response.body()).isEqualTo(Map.of("working", true));
        }

        assertThat(recordedIndexes()).containsExactly(5, 7);
        assertThat(redis.hgetall(ValuesContract.VALUES_HASH))
                .isEqualTo(Map.of("5", ValuesContract.PENDING, "7", ValuesContract.PENDING));
        // A repeat finds its entry pending, its message already sent: it is not published again.
        assertThat(publishedUntilMarker()).containsExactly("5", "7");
        assertThat(http.toBlocking().retrieve("/values/all")).isEqualTo("[{\"number\":5},{\"number\":7}]");
    }

    @Test
    void neverOverwritesAComputedValueNorAsksForItAgain() throws Exception {
        redis.hset(ValuesContract.VALUES_HASH, "6", "13");

        http.toBlocking().exchange(HttpRequest.POST("/values", "{\"index\": 6}").contentType(MediaType.APPLICATION_JSON));

        assertThat(redis.hget(ValuesContract.VALUES_HASH, "6")).isEqualTo("13");
        assertThat(publishedUntilMarker()).isEmpty();
        assertThat(recordedIndexes()).containsExactly(6);
    }

    @Test
    void listsCurrentValuesInNumericOrder() {
        redis.hset(ValuesContract.VALUES_HASH, Map.of("10", "89", "9", "55", "2", ValuesContract.PENDING));

        assertThat(http.toBlocking().retrieve("/values/current"))
                .isEqualTo("{\"2\":\"Nothing yet!\",\"9\":\"55\",\"10\":\"89\"}");
    }

    @Test
    void greetsLikeTheCourse() {
        assertThat(http.toBlocking().retrieve("/")).isEqualTo("Hi");
    }

    private static void assertRefused(HttpClientResponseException refusal, int status, String message) {
        assertThat(refusal.getStatus().getCode()).isEqualTo(status);
        String error = refusal.getResponse().getBody(Map.class).map(body -> (String) body.get("error")).orElse("");
        assertThat(error).as("error").contains(message);
    }

    private void assertNothingStoredOrPublished() throws Exception {
        assertThat(recordedIndexes()).isEmpty();
        assertThat(redis.hgetall(ValuesContract.VALUES_HASH)).isEmpty();
        assertThat(publishedUntilMarker()).isEmpty();
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
}
