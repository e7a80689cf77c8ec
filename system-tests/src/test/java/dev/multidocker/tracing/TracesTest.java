package dev.multidocker.tracing;

import dev.multidocker.fixtures.Await;
import dev.multidocker.fixtures.stack.ApiClient;
import dev.multidocker.fixtures.stack.AppStack;
import dev.multidocker.fixtures.tracing.OtlpReceiver;
import dev.multidocker.fixtures.tracing.ReceivedSpan;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static dev.multidocker.fixtures.stack.AppStack.VALUE_TIMEOUT;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The OTEL_* variables of docs/contract.md, with the services as processes and real PostgreSQL and Redis: a POST
 * is one trace at an OTLP receiver, from the route to the worker's HSET. Without the variables, nothing is sent.
 */
class TracesTest {

    private static final Duration EXPORTED = Duration.ofSeconds(20);

    private static OtlpReceiver receiver;
    private static AppStack traced;

    @BeforeAll
    static void start() {
        receiver = OtlpReceiver.started();
        traced = AppStack.started("traces", Map.of(
                "OTEL_TRACES_EXPORTER", "otlp",
                "OTEL_EXPORTER_OTLP_PROTOCOL", "http/protobuf",
                "OTEL_EXPORTER_OTLP_ENDPOINT", receiver.endpoint(),
                // Spans leave in batches every 5 s by default; the test need not wait that long.
                "OTEL_BSP_SCHEDULE_DELAY", "200"));
    }

    @AfterAll
    static void stop() {
        if (traced != null) {
            traced.close();
        }
        receiver.close();
    }

    @Test
    void aPostIsOneTraceFromTheRouteToTheWorkersWrite() {
        assertThat(traced.api().submit(23)).isEqualTo(new ApiClient.Response(200, "{\"working\":true}"));
        assertThat(traced.api().awaitValue(23, VALUE_TIMEOUT)).isEqualTo("46368");

        ReceivedSpan route = Await.value(EXPORTED, () -> receiver.spans().stream()
                        .filter(span -> span.name().equals("POST /values")).findFirst())
                .orElseThrow(() -> new AssertionError("no POST /values span among " + receiver.spans()));
        assertThat(route.service()).isEqualTo("api-server");
        assertThat(route.kind()).isEqualTo("SERVER");
        assertThat(route.isRoot()).isTrue();

        Optional<List<ReceivedSpan>> complete = Await.value(EXPORTED, () -> {
            List<ReceivedSpan> trace = receiver.trace(route.traceId());
            return trace.stream().anyMatch(span -> span.name().equals("HSET")) ? Optional.of(trace) : Optional.empty();
        });
        List<ReceivedSpan> trace = complete.orElseThrow(() ->
                new AssertionError("the POST's trace never reached the worker's HSET: " + receiver.trace(route.traceId())));

        assertThat(trace).filteredOn(span -> span.service().equals("api-server"))
                .extracting(ReceivedSpan::name)
                .contains("POST /values", "HSETNX", "PUBLISH", "SETEX")
                .anyMatch(name -> name.startsWith("INSERT"));
        ReceivedSpan statement = trace.stream().filter(span -> span.attributes().containsValue("postgresql")
                        && span.attributes().values().stream().anyMatch(text -> text.startsWith("INSERT INTO")))
                .findFirst().orElseThrow(() -> new AssertionError("no PostgreSQL INSERT span in " + trace));
        assertThat(statement.kind()).isEqualTo("CLIENT");
        ReceivedSpan process = only(trace, "insert process");
        assertThat(process.service()).isEqualTo("worker");
        assertThat(process.kind()).isEqualTo("CONSUMER");
        assertThat(process.attributes()).containsEntry("fib.index", "23");
        assertThat(only(trace, "fib compute").parentSpanId()).isEqualTo(process.spanId());
        assertThat(only(trace, "HSET").parentSpanId()).isEqualTo(process.spanId());
        // Every span hangs off another span of the same trace, the route alone at the root.
        List<String> ids = trace.stream().map(ReceivedSpan::spanId).toList();
        assertThat(trace).filteredOn(span -> !span.isRoot()).allMatch(span -> ids.contains(span.parentSpanId()));
        assertThat(trace).filteredOn(ReceivedSpan::isRoot).containsExactly(route);
    }

    @Test
    void healthProbesAndScrapesAreNotTraced() {
        ApiClient direct = new ApiClient(traced.apiProcess().url("/"));
        assertThat(direct.get("health/readiness").status()).isEqualTo(200);
        assertThat(direct.get("prometheus").status()).isEqualTo(200);
        // Spans leave in the order they end: once a later request's has arrived, the probes' would have too.
        long readsBefore = routeSpans("/values/all");
        assertThat(direct.get("values/all").status()).isEqualTo(200);
        assertThat(Await.until(EXPORTED, () -> routeSpans("/values/all") > readsBefore))
                .as("the span of the GET after the probes arrived").isTrue();
        assertThat(receiver.spans()).extracting(span -> span.attributes().getOrDefault("http.route", ""))
                .noneMatch(route -> route.startsWith("/health") || route.equals("/prometheus"));
    }

    private static long routeSpans(String route) {
        return receiver.spans().stream().filter(span -> route.equals(span.attributes().get("http.route"))).count();
    }

    @Test
    void withoutTheVariablesNothingIsExported() throws Exception {
        try (OtlpReceiver unused = OtlpReceiver.started();
             AppStack untraced = AppStack.started("traces-off", Map.of(
                     // Where spans would go if the default were on; OTEL_TRACES_EXPORTER stays unset.
                     "OTEL_EXPORTER_OTLP_ENDPOINT", unused.endpoint(),
                     "OTEL_BSP_SCHEDULE_DELAY", "200"))) {
            assertThat(untraced.api().submit(12).status()).isEqualTo(200);
            assertThat(untraced.api().awaitValue(12, VALUE_TIMEOUT)).isEqualTo("233");
            // Nothing to poll for: a batch would have left within the schedule delay, and a stop flushes it.
            untraced.apiProcess().stop();
            untraced.worker().stop();
            assertThat(unused.exports()).isZero();
            assertThat(untraced.redis().keys("insert-trace:*")).isEmpty();
        }
    }

    private static ReceivedSpan only(List<ReceivedSpan> trace, String name) {
        List<ReceivedSpan> named = trace.stream().filter(span -> span.name().equals(name)).toList();
        assertThat(named).as(name).hasSize(1);
        return named.get(0);
    }
}
