package dev.multidocker.api;

import dev.multidocker.embedded.FreePort;
import dev.multidocker.embedded.PostgresServer;
import dev.multidocker.embedded.RedisServer;
import dev.multidocker.fixtures.Await;
import io.micronaut.http.client.HttpClient;
import io.micronaut.http.client.exceptions.HttpClientResponseException;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * PostgreSQL and Redis for this module's tests: real servers from the embedded binaries, started once per
 * test JVM, unless {@code TEST_DATABASE_URL} (a JDBC URL; user and password in {@code TEST_PGUSER} and
 * {@code TEST_PGPASSWORD}) and {@code TEST_REDIS_URL} ({@code redis://host:port}) name servers to use.
 */
public final class TestStores {

    private static final TestStores SHARED = create();
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(30);

    private final String jdbcUrl;
    private final String user;
    private final String password;
    private final URI redis;

    private TestStores(String jdbcUrl, String user, String password, URI redis) {
        this.jdbcUrl = jdbcUrl;
        this.user = user;
        this.password = password;
        this.redis = redis;
    }

    public static TestStores shared() {
        return SHARED;
    }

    private static TestStores create() {
        String database = System.getenv("TEST_DATABASE_URL");
        String redisUrl = System.getenv("TEST_REDIS_URL");
        if (database != null && redisUrl != null) {
            return new TestStores(database, Optional.ofNullable(System.getenv("TEST_PGUSER")).orElse("postgres"),
                    Optional.ofNullable(System.getenv("TEST_PGPASSWORD")).orElse(""), URI.create(redisUrl));
        }
        try {
            PostgresServer postgres = new PostgresServer(Files.createTempDirectory("api-test-pg"), FreePort.pick())
                    .start();
            RedisServer redis = new RedisServer(FreePort.pick(), Optional.empty()).start();
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                redis.close();
                postgres.close();
            }));
            return new TestStores(postgres.jdbcUrl(), PostgresServer.USER, "",
                    URI.create("redis://127.0.0.1:" + redis.port()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public String jdbcUrl() {
        return jdbcUrl;
    }

    public String user() {
        return user;
    }

    public String password() {
        return password;
    }

    public String redisUri() {
        return redis.toString();
    }

    /** Micronaut properties that point the api-server at these servers. */
    public Map<String, String> apiProperties() {
        return Map.of(
                "datasources.default.url", jdbcUrl,
                "datasources.default.username", user,
                "datasources.default.password", password,
                "redis.host", redis.getHost(),
                "redis.port", Integer.toString(redis.getPort()));
    }

    /** Whether the api that {@code http} reaches, on these servers, answers GET /health/readiness 200 within 30 s. */
    public static boolean becomesReady(HttpClient http) {
        return Await.until(READY_TIMEOUT, () -> {
            try {
                return http.toBlocking().exchange("/health/readiness").code() == 200;
            } catch (HttpClientResponseException notReady) {
                return false;
            }
        });
    }
}
