package dev.multidocker.api.values;

import dev.multidocker.api.TestStores;
import dev.multidocker.contract.ValuesContract;
import dev.multidocker.fixtures.Await;
import io.lettuce.core.KillArgs;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.sync.RedisCommands;
import io.micronaut.http.HttpStatus;
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

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatObject;

/**
 * GET /values/current keeps its body between changes of the hash: repeated polls cost Redis nothing, and
 * every change, whoever makes it, shows in the next polls, also after Redis dropped the API's connection.
 */
@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CurrentValuesTest implements TestPropertyProvider {

    private static final TestStores STORES = TestStores.shared();
    private static final Duration PROPAGATION = Duration.ofSeconds(2);
    private static final Pattern HKEYS_CALLS = Pattern.compile("cmdstat_hkeys:calls=([0-9]+)");

    @Inject
    @Client("/")
    HttpClient http;

    private RedisClient redisClient;
    private RedisCommands<String, String> redis;

    @Override
    public Map<String, String> getProperties() {
        return STORES.apiProperties();
    }

    @BeforeAll
    void connect() {
        redisClient = RedisClient.create(STORES.redisUri());
        redis = redisClient.connect().sync();
    }

    @AfterAll
    void disconnect() {
        redisClient.shutdown();
    }

    @BeforeEach
    void emptyHash() {
        redis.del(ValuesContract.VALUES_HASH);
        awaitCurrent("{}");
    }

    @Test
    void showsEveryChangeWhoeverMakesIt() {
        redis.hset(ValuesContract.VALUES_HASH, Map.of("3", "3", "abc", "foreign", "12", ValuesContract.PENDING));
        awaitCurrent("{\"3\":\"3\",\"12\":\"Nothing yet!\",\"abc\":\"foreign\"}");
        for (int index = 20; index < 40; index++) {
            redis.hset(ValuesContract.VALUES_HASH, "12", Integer.toString(index));
            awaitCurrent("{\"3\":\"3\",\"12\":\"" + index + "\",\"abc\":\"foreign\"}");
        }
        redis.hdel(ValuesContract.VALUES_HASH, "abc");
        awaitCurrent("{\"3\":\"3\",\"12\":\"39\"}");
        redis.flushall();
        awaitCurrent("{}");
    }

    @Test
    void answersRepeatedPollsWithoutReadingTheHashAgain() {
        redis.hset(ValuesContract.VALUES_HASH, "5", "8");
        awaitCurrent("{\"5\":\"8\"}");
        long before = hkeysCalls();
        for (int poll = 0; poll < 100; poll++) {
            assertThat(http.toBlocking().retrieve("/values/current")).isEqualTo("{\"5\":\"8\"}");
        }
        assertThat(hkeysCalls()).as("HKEYS calls during 100 polls of an unchanged hash").isEqualTo(before);
    }

    @Test
    void keepsFollowingChangesAfterRedisDropsTheConnection() {
        redis.hset(ValuesContract.VALUES_HASH, "5", "8");
        awaitCurrent("{\"5\":\"8\"}");

        long killed = redis.clientKill(KillArgs.Builder.typeNormal().skipme());
        assertThat(killed).as("no API connection to kill").isPositive();

        redis.hset(ValuesContract.VALUES_HASH, "6", "13");
        awaitCurrent("{\"5\":\"8\",\"6\":\"13\"}");
        redis.hset(ValuesContract.VALUES_HASH, "6", "changed");
        awaitCurrent("{\"5\":\"8\",\"6\":\"changed\"}");
        // The first read after the reconnect turns tracking back on; it is untracked itself, so not kept.
        awaitPollsCostingNothing();
        long before = hkeysCalls();
        for (int poll = 0; poll < 20; poll++) {
            http.toBlocking().retrieve("/values/current");
        }
        assertThat(hkeysCalls()).as("HKEYS calls during 20 polls once reconnected: tracking not back on")
                .isEqualTo(before);
    }

    @Test
    void listsAHashOfManyPagesWholeAndInNumericOrder() {
        Map<String, String> entries = new java.util.HashMap<>();
        StringBuilder expected = new StringBuilder("{");
        for (int index = 0; index <= 1000; index++) {
            String value = index % 7 == 0 ? ValuesContract.PENDING : "v" + index;
            entries.put(Integer.toString(index), value);
            expected.append(index == 0 ? "" : ",").append('"').append(index).append("\":\"").append(value).append('"');
        }
        redis.hset(ValuesContract.VALUES_HASH, entries);
        awaitCurrent(expected.append('}').toString());
    }

    /** Changes reach the API as Redis pushes them, so each check allows for the push to arrive. */
    private void awaitCurrent(String expected) {
        AtomicReference<String> seen = new AtomicReference<>();
        assertThat(Await.until(PROPAGATION, () -> {
            try {
                seen.set(http.toBlocking().retrieve("/values/current"));
                return seen.get().equals(expected);
            } catch (HttpClientResponseException e) {
                // 503 while the API reconnects to Redis (assertThatObject: HttpStatus is also a CharSequence)
                assertThatObject(e.getStatus()).isEqualTo(HttpStatus.SERVICE_UNAVAILABLE);
                return false;
            }
        })).as("GET /values/current did not become %s within %s; last seen %s", expected, PROPAGATION, seen.get())
                .isTrue();
    }

    private void awaitPollsCostingNothing() {
        assertThat(Await.until(PROPAGATION, () -> {
            long before = hkeysCalls();
            http.toBlocking().retrieve("/values/current");
            return hkeysCalls() == before;
        })).as("every poll still read the hash %s after the reconnect: tracking not back on", PROPAGATION).isTrue();
    }

    private long hkeysCalls() {
        Matcher calls = HKEYS_CALLS.matcher(redis.info("commandstats"));
        return calls.find() ? Long.parseLong(calls.group(1)) : 0;
    }
}
