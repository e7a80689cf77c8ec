package dev.multidocker.bench;

import dev.multidocker.fixtures.stack.AppStack;
import dev.multidocker.fixtures.tracing.OtlpReceiver;

import java.net.URI;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * What tracing costs: the api and worker as processes (jvm.options) with real PostgreSQL and Redis, once with
 * tracing off (the default), once exporting every span to an OTLP receiver on loopback and once sampling one
 * trace in ten (OpenTelemetry's parentbased_traceidratio), each under the same bounded wrk load of all-valid
 * POSTs and then GET /values/current. Prints throughput and each service's peak RSS (VmHWM).
 * Usage, from bench/: {@code java -cp target/bench.jar dev.multidocker.bench.TracingOverhead [seconds]}.
 */
public final class TracingOverhead {

    private static final int CONNECTIONS = 32;

    private TracingOverhead() {
    }

    record Run(String tracing, double postsPerSecond, double currentPerSecond, long apiPeakKiB, long workerPeakKiB,
               int exports) {
    }

    public static void main(String[] args) {
        Duration duration = Duration.ofSeconds(args.length > 0 ? Long.parseLong(args[0]) : 15);
        Run off = run("off", duration, Map.of());
        Map<String, String> exporting = Map.of("OTEL_TRACES_EXPORTER", "otlp",
                "OTEL_EXPORTER_OTLP_PROTOCOL", "http/protobuf");
        Run on = run("on", duration, exporting);
        Map<String, String> sampled = new HashMap<>(exporting);
        sampled.putAll(Map.of("OTEL_TRACES_SAMPLER", "parentbased_traceidratio", "OTEL_TRACES_SAMPLER_ARG", "0.1"));
        Run tenth = run("on, 1 trace in 10 sampled", duration, sampled);
        System.out.printf("| tracing | POST /values req/s | GET /values/current req/s | api peak RSS | worker peak RSS | OTLP exports |%n");
        System.out.printf("|---|---|---|---|---|---|%n");
        for (Run run : new Run[] {off, on, tenth}) {
            System.out.printf("| %s | %.0f | %.0f | %.1f MiB | %.1f MiB | %d |%n", run.tracing(), run.postsPerSecond(),
                    run.currentPerSecond(), run.apiPeakKiB() / 1024.0, run.workerPeakKiB() / 1024.0, run.exports());
        }
    }

    private static Run run(String tracing, Duration duration, Map<String, String> tracingEnvironment) {
        try (OtlpReceiver receiver = OtlpReceiver.started()) {
            Map<String, String> environment = new HashMap<>(tracingEnvironment);
            environment.put("OTEL_EXPORTER_OTLP_ENDPOINT", receiver.endpoint());
            try (AppStack stack = AppStack.started("tracing-" + tracing, environment)) {
                URI values = stack.apiProcess().url("/values");
                URI current = stack.apiProcess().url("/values/current");
                // The bench's POSTs, sent to the API itself rather than through the router's /api.
                String postScript = Bench.allValidPostScript().replace("\"/api/values\"", "\"/values\"");
                Wrk.run(values, Duration.ofSeconds(5), CONNECTIONS, postScript);
                Wrk.Summary posts = Wrk.run(values, duration, CONNECTIONS, postScript);
                Wrk.Summary reads = Wrk.run(current, duration, CONNECTIONS, "");
                return new Run(tracing, posts.requestsPerSecond(), reads.requestsPerSecond(),
                        stack.apiProcess().peakResidentKiB(), stack.worker().peakResidentKiB(), receiver.exports());
            }
        }
    }
}
