package dev.multidocker.system;

import dev.multidocker.embedded.FreePort;
import dev.multidocker.embedded.ServiceProcess;
import dev.multidocker.fixtures.Await;
import dev.multidocker.fixtures.stack.AppStack;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static dev.multidocker.fixtures.stack.AppStack.VALUE_TIMEOUT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** GET /prometheus on both services (docs/contract.md), read directly and through a real Prometheus. */
class MetricsTest {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static final Path PROMETHEUS = Path.of("/usr/bin/prometheus");
    private static final Duration SCRAPED_TIMEOUT = Duration.ofSeconds(60);

    private static AppStack stack;

    @BeforeAll
    static void start() {
        stack = AppStack.started("metrics");
    }

    @AfterAll
    static void stop() {
        stack.close();
    }

    @Test
    void apiShowsHttpJvmPoolAndRedisMetrics() {
        stack.api().submit(5);
        stack.api().awaitValue(5, VALUE_TIMEOUT);

        assertThat(scrape(stack.apiProcess()))
                .contains("http_server_requests_seconds_count{")
                .contains("jvm_memory_used_bytes{")
                .contains("hikaricp_connections_active{")
                .contains("lettuce_command_completion_seconds_count{");
    }

    @Test
    void workerCountsValuesComputedAfterAPostAndSkippedMessages() {
        double computedBefore = sample(scrape(stack.worker()), "worker_values_computed_total").orElse(0);
        double skippedBefore = sample(scrape(stack.worker()), "worker_messages_skipped_total").orElse(0);

        stack.api().submit(23);
        stack.api().awaitValue(23, VALUE_TIMEOUT);
        stack.redis().publish("insert", "abc");

        assertThat(Await.until(VALUE_TIMEOUT, () ->
                sample(scrape(stack.worker()), "worker_messages_skipped_total").orElse(0) > skippedBefore))
                .as("worker_messages_skipped_total moves after a bad message").isTrue();
        String worker = scrape(stack.worker());
        assertThat(sample(worker, "worker_values_computed_total").orElseThrow()).isGreaterThan(computedBefore);
        assertThat(sample(worker, "worker_compute_time_seconds_count").orElseThrow()).isPositive();
        assertThat(worker).contains("worker_sweep_pending_found_total")
                .contains("http_server_requests_seconds_count{")
                .contains("jvm_memory_used_bytes{")
                .contains("lettuce_command_completion_seconds_count{");
    }

    @Test
    void prometheusScrapesTheCounterAPostMoves() throws Exception {
        assumeTrue(Files.isExecutable(PROMETHEUS), "Debian's prometheus package is not installed");
        Path work = Files.createDirectories(stack.workDirectory().resolve("prometheus"));
        int port = FreePort.pick();
        Path config = Files.writeString(work.resolve("prometheus.yml"), """
                global:
                  scrape_interval: 1s
                scrape_configs:
                  - job_name: api
                    metrics_path: /prometheus
                    static_configs: [{targets: ['127.0.0.1:%d']}]
                  - job_name: worker
                    metrics_path: /prometheus
                    static_configs: [{targets: ['127.0.0.1:%d']}]
                """.formatted(stack.apiProcess().url("/").getPort(), stack.worker().url("/").getPort()));
        Process prometheus = new ProcessBuilder(PROMETHEUS.toString(), "--config.file=" + config,
                "--storage.tsdb.path=" + work.resolve("data"), "--web.listen-address=127.0.0.1:" + port)
                .redirectErrorStream(true).redirectOutput(work.resolve("prometheus.log").toFile()).start();
        try {
            URI query = URI.create("http://127.0.0.1:" + port + "/api/v1/query?query="
                    + URLEncoder.encode("worker_values_computed_total{job=\"worker\"}", StandardCharsets.UTF_8));
            double before = Await.value(SCRAPED_TIMEOUT, () -> queried(query)).orElseThrow(
                    () -> new AssertionError("Prometheus never scraped the worker; see " + work));

            stack.api().submit(31);
            stack.api().awaitValue(31, VALUE_TIMEOUT);

            assertThat(Await.until(SCRAPED_TIMEOUT, () -> queried(query).orElse(before) > before))
                    .as("worker_values_computed_total in Prometheus moves after a POST").isTrue();
        } finally {
            prometheus.destroy();
            prometheus.waitFor();
        }
    }

    private static String scrape(ServiceProcess service) {
        HttpResponse<String> response = get(service.url("/prometheus"));
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type").orElse("")).startsWith("text/plain");
        return response.body();
    }

    /** The value of an unlabelled sample line such as {@code worker_values_computed_total 3.0}. */
    private static OptionalDouble sample(String exposition, String name) {
        Matcher line = Pattern.compile("(?m)^" + name + "(?:\\{[^}]*})? (\\S+)$").matcher(exposition);
        return line.find() ? OptionalDouble.of(Double.parseDouble(line.group(1))) : OptionalDouble.empty();
    }

    /** The first series' value in a /api/v1/query answer, empty until Prometheus has one. */
    private static Optional<Double> queried(URI query) {
        HttpResponse<String> response;
        try {
            response = get(query);
        } catch (UncheckedIOException e) {
            return Optional.empty();
        }
        Matcher value = Pattern.compile("\"value\":\\[[^,]+,\"([^\"]+)\"]").matcher(response.body());
        return value.find() ? Optional.of(Double.parseDouble(value.group(1))) : Optional.empty();
    }

    private static HttpResponse<String> get(URI uri) {
        try {
            return HTTP.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(5)).build(),
                    HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
