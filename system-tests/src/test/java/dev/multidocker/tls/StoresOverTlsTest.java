package dev.multidocker.tls;

import dev.multidocker.embedded.FreePort;
import dev.multidocker.embedded.ServiceProcess;
import dev.multidocker.fixtures.Await;
import dev.multidocker.fixtures.stack.ApiClient;
import dev.multidocker.fixtures.stack.DebianPostgres;
import dev.multidocker.fixtures.stack.DebianRedis;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.ConnectException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;
import static org.assertj.core.api.Assertions.fail;

/**
 * The api-server and the worker, run from their jars, on real servers that speak TLS as the AWS stores do:
 * Debian's redis-server over TLS only with AUTH (ElastiCache with in-transit encryption and an auth token) and
 * PostgreSQL 15 accepting SSL connections only (RDS from PostgreSQL 15), both with certificates of a CA the test
 * makes. A value is computed with PGSSLMODE=require and with verify-full against that CA; each way of getting TLS
 * or AUTH wrong leaves the service not ready, and its readiness, answered promptly, names the cause.
 */
class StoresOverTlsTest {

    private static final String REDIS_PASSWORD = "redis-tls-test-password";
    private static final String PG_PASSWORD = "postgres-tls-test-password";
    private static final Duration READY = Duration.ofSeconds(90);
    private static final Duration NAMED = Duration.ofSeconds(60);
    /** Readiness must answer within this even while a store cannot be used: a hang here fails the test. */
    private static final Duration PROMPT = Duration.ofSeconds(5);
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
    private static final Path WORK = Path.of("target", "tls").toAbsolutePath();

    private static TestCertificates certificates;
    private static DebianRedis redis;
    private static DebianPostgres postgres;

    @BeforeAll
    static void startStoresOverTls() throws IOException {
        assumeTrue(DebianRedis.installed(), DebianRedis.NOT_INSTALLED);
        assumeTrue(DebianPostgres.installed(), DebianPostgres.NOT_INSTALLED);
        assumeTrue(Files.isExecutable(TestCertificates.OPENSSL), "Debian's openssl is not installed (package: openssl)");
        Files.createDirectories(WORK);
        certificates = TestCertificates.create(WORK.resolve("certificates"));
        redis = DebianRedis.overTls(REDIS_PASSWORD, certificates.serverCertificate(), certificates.serverKey());
        postgres = DebianPostgres.withSsl(PG_PASSWORD, certificates.serverCertificate(), certificates.serverKey());
    }

    @AfterAll
    static void stopStores() {
        if (postgres != null) {
            postgres.close();
        }
        if (redis != null) {
            redis.close();
        }
    }

    @Test
    void aValueIsComputedOverTlsWithRequireAndWithVerifyFull() {
        Map<String, String> require = environment(Map.of("PGSSLMODE", "require"));
        require.remove("PGSSLROOTCERT");
        try (ServiceProcess worker = worker("worker", environment(Map.of()));
             ServiceProcess apiRequire = api("api-require", require);
             ServiceProcess apiVerifyFull = api("api-verify-full", environment(Map.of()))) {
            worker.awaitReady(READY);
            apiRequire.awaitReady(READY);
            apiVerifyFull.awaitReady(READY);

            assertThat(client(apiRequire).submit(10).status()).isEqualTo(200);

            assertThat(client(apiVerifyFull).awaitValue(10, NAMED)).isEqualTo("89");
            assertThat(client(apiVerifyFull).seen()).contains(10);
        }
    }

    @Test
    void aWrongRedisPasswordIsNamed() {
        try (ServiceProcess worker = worker("worker-wrong-password",
                environment(Map.of("REDIS_PASSWORD", "not-the-password")))) {
            awaitNotReadyNaming(worker, "Redis: authentication failed (WRONGPASS");
        }
    }

    @Test
    void aPlaintextRedisWhereTlsIsAskedForIsNamed() {
        try (DebianRedis plaintext = DebianRedis.withPassword(REDIS_PASSWORD);
             ServiceProcess worker = worker("worker-plaintext-redis",
                     environment(Map.of("REDIS_PORT", Integer.toString(plaintext.port()))))) {
            awaitNotReadyNaming(worker, "the server does not seem to speak TLS");
        }
    }

    @Test
    void anUntrustedRedisCertificateIsNamed() {
        try (ServiceProcess worker = worker("worker-untrusted-redis",
                environment(Map.of("REDIS_TLS_CA_FILE", certificates.otherCaCertificate().toString())))) {
            awaitNotReadyNaming(worker, "Redis: certificate not trusted");
        }
    }

    @Test
    void anUntrustedPostgresCertificateIsNamed() {
        try (ServiceProcess api = api("api-untrusted-postgres",
                environment(Map.of("PGSSLROOTCERT", certificates.otherCaCertificate().toString())))) {
            awaitNotReadyNaming(api, "PostgreSQL: certificate not trusted");
        }
    }

    @Test
    void aPostgresWithoutSslWhereRequireIsAskedForIsNamed() {
        try (DebianPostgres withoutSsl = DebianPostgres.withPassword(PG_PASSWORD);
             ServiceProcess api = api("api-postgres-without-ssl", environment(Map.of(
                     "PGPORT", Integer.toString(withoutSsl.port()), "PGSSLMODE", "require")))) {
            awaitNotReadyNaming(api, "PostgreSQL: The server does not support SSL");
        }
    }

    /** Both stores over TLS, verified against the test CA, with the right passwords; {@code changes} on top. */
    private static Map<String, String> environment(Map<String, String> changes) {
        Map<String, String> environment = new HashMap<>(Map.of(
                "REDIS_HOST", "127.0.0.1", "REDIS_PORT", Integer.toString(redis.port()),
                "REDIS_TLS", "true", "REDIS_PASSWORD", REDIS_PASSWORD,
                "REDIS_TLS_CA_FILE", certificates.caCertificate().toString(),
                "PGHOST", "127.0.0.1", "PGPORT", Integer.toString(postgres.port()),
                "PGUSER", DebianPostgres.USER, "PGDATABASE", DebianPostgres.DATABASE, "PGPASSWORD", PG_PASSWORD));
        environment.put("PGSSLMODE", "verify-full");
        environment.put("PGSSLROOTCERT", certificates.caCertificate().toString());
        environment.putAll(changes);
        return environment;
    }

    private static ServiceProcess api(String name, Map<String, String> environment) {
        return start(name, "api-server", environment);
    }

    private static ServiceProcess worker(String name, Map<String, String> environment) {
        return start(name, "worker", environment);
    }

    private static ServiceProcess start(String name, String module, Map<String, String> environment) {
        Path jar = Path.of(System.getProperty("multidocker." + module + ".jar", "../" + module + "/target/" + module + ".jar"));
        return ServiceProcess.start(name, jar, FreePort.pick(), environment, WORK.resolve(name + ".log"));
    }

    private static ApiClient client(ServiceProcess api) {
        return new ApiClient(api.url("/"));
    }

    /**
     * Polls readiness until it is 503 and names {@code cause}; fails if it ever reports ready, or takes longer
     * than {@link #PROMPT} to answer.
     */
    private static void awaitNotReadyNaming(ServiceProcess service, String cause) {
        AtomicReference<String> last = new AtomicReference<>("no answer yet");
        boolean named = Await.until(NAMED, Duration.ofMillis(200), () -> {
            assertThat(service.isAlive()).as(service.name() + " running; see " + service.log()).isTrue();
            HttpResponse<String> answer = readiness(service);
            if (answer == null) {
                return false;
            }
            assertThat(answer.statusCode()).as(service.name() + " must not be ready: " + answer.body()).isNotEqualTo(200);
            last.set(answer.statusCode() + " " + answer.body());
            return answer.statusCode() == 503 && answer.body().contains(cause);
        });
        assertThat(named).as(service.name() + " readiness names '" + cause + "' within " + NAMED + "; last: "
                + last.get() + "; see " + service.log()).isTrue();
        System.out.printf("readiness of %s: %s%n", service.name(), last.get());
    }

    /** The readiness answer, or null while the HTTP server is not listening yet. */
    private static HttpResponse<String> readiness(ServiceProcess service) {
        HttpRequest request = HttpRequest.newBuilder(service.url("/health/readiness")).timeout(PROMPT).build();
        try {
            return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (HttpTimeoutException e) {
            return fail(service.name() + " readiness did not answer within " + PROMPT);
        } catch (ConnectException e) {
            return null;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
