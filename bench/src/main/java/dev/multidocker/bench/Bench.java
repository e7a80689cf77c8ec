package dev.multidocker.bench;

import dev.multidocker.embedded.FreePort;
import dev.multidocker.embedded.ServiceProcess;
import dev.multidocker.fixtures.nginx.NginxRouter;
import dev.multidocker.fixtures.nginx.NginxServer;
import dev.multidocker.fixtures.stack.ApiClient;
import dev.multidocker.fixtures.stack.AppStack;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.sync.RedisCommands;

import java.net.URI;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.IntStream;

/**
 * The benchmark of issue 7. Starts the stack as users run it without Docker (PostgreSQL and Redis from
 * embedded binaries, the service jars as processes, Debian's nginx with the project's router and client
 * configurations), drives it with wrk on 127.0.0.1 only, for bounded times, and measures in the same run
 * nginx answering {@code return 200} alone: every throughput is reported as a share of that ceiling,
 * because absolute numbers drift on shared machines.
 */
public final class Bench {

    /** The course's worker and API cap at 40; a larger cap gives the drain and the largest-index latency room. */
    static final int MAX_INDEX = 10_000;
    private static final int SEEDED_ENTRIES = 40;
    private static final long MIB = 1024;
    private static final String CURRENT_SCENARIO = "GET /api/values/current (40 entries)";
    private static final String POST_SCENARIO = "POST /api/values (3 in 4 valid)";
    /** A cold build of the development images downloads every dependency inside them. */
    private static final Duration COMPOSE_TIMEOUT = Duration.ofMinutes(15);

    private final Options options;
    private final Report report = new Report("multi-docker benchmark");

    Bench(Options options) {
        this.options = options;
    }

    record Options(Duration duration, int connections, int endToEndSubmissions, int drainMessages, Duration soak,
                   boolean compose, Path out) {

        static final String USAGE = """
                usage: bench/run [--smoke] [--duration 15s] [--connections 32] [--soak 10m] [--no-compose] [--out DIR]
                  --smoke        a short run that checks the benchmark works (CI), not the speed
                  --no-compose   leave out the compose stack, which is measured wherever a Docker engine answers
                  --duration     how long wrk drives each HTTP scenario (default 15s)
                  --connections  wrk connections (default 32, as the course's figures)
                  --soak         also run the soak at half the measured peak for this long (e.g. 10m)
                  --out          where report.md and throughput.png go (default target/report)""";

        static Options parse(String[] args) {
            Duration duration = Duration.ofSeconds(15);
            int connections = 32;
            int submissions = 200;
            int drain = MAX_INDEX;
            Duration soak = Duration.ZERO;
            boolean compose = true;
            Path out = Path.of("target", "report");
            for (int i = 0; i < args.length; i++) {
                String flag = args[i];
                if (flag.equals("--smoke")) {
                    duration = Duration.ofSeconds(2);
                    submissions = 20;
                    drain = 500;
                    continue;
                }
                if (flag.equals("--no-compose")) {
                    compose = false;
                    continue;
                }
                if (i + 1 >= args.length) {
                    throw new IllegalArgumentException(flag + " needs a value\n" + USAGE);
                }
                String value = args[++i];
                switch (flag) {
                    case "--duration" -> duration = duration(value);
                    case "--connections" -> connections = positive(flag, value);
                    case "--soak" -> soak = duration(value);
                    case "--out" -> out = Path.of(value);
                    default -> throw new IllegalArgumentException("unknown option " + flag + "\n" + USAGE);
                }
            }
            return new Options(duration, connections, submissions, drain, soak, compose, out);
        }

        private static Duration duration(String value) {
            if (!value.matches("[0-9]+[sm]")) {
                throw new IllegalArgumentException("a duration is a number and s or m, like 15s or 10m; got '"
                        + value + "'");
            }
            long amount = Long.parseLong(value.substring(0, value.length() - 1));
            return value.endsWith("m") ? Duration.ofMinutes(amount) : Duration.ofSeconds(amount);
        }

        private static int positive(String flag, String value) {
            if (!value.matches("[1-9][0-9]{0,4}")) {
                throw new IllegalArgumentException(flag + " must be a whole number from 1 to 99999, got '" + value + "'");
            }
            return Integer.parseInt(value);
        }
    }

    public static void main(String[] args) throws Exception {
        Options options;
        try {
            options = Options.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.exit(2);
            return;
        }
        if (!Wrk.installed() || !Path.of("/usr/sbin/nginx").toFile().canExecute()) {
            System.err.println("bench needs Debian's wrk and nginx: apt-get install wrk nginx");
            System.exit(2);
        }
        System.out.println(new Bench(options).run());
    }

    /** Runs every scenario and returns the report's Markdown. */
    String run() throws Exception {
        report.paragraph("Run " + Instant.now() + " on " + Runtime.getRuntime().availableProcessors()
                + " cores; wrk -t" + Wrk.THREADS + " -c" + options.connections() + ", " + options.duration().toSeconds()
                + " s per scenario; services with the flags of jvm.options and " + ServiceProcess.MEMORY_ENVIRONMENT
                + "; FIB_MAX_INDEX=" + MAX_INDEX + ". PostgreSQL and Redis are the embedded binaries (PostgreSQL "
                + "runs with fsync off there, so POST figures exclude disk flushes).");
        double ceiling = ceiling();
        try (AppStack stack = AppStack.notStarted("bench", Map.of("FIB_MAX_INDEX", Integer.toString(MAX_INDEX)))) {
            stack.local().postgres().start();
            stack.local().redis().start();
            // The first start after a build has no class-data archive yet and writes one when it stops, as
            // the first run of a freshly built service does; users start services far more often than that.
            String apiFirst = firstStart(stack.startApi());
            String workerFirst = firstStart(stack.startWorker());
            Duration apiReady = stack.startApi().awaitReady(AppStack.READY_TIMEOUT);
            Duration workerReady = stack.startWorker().awaitReady(AppStack.READY_TIMEOUT);
            report.paragraph("Start to ready below is of a start that maps the class-data archive ("
                    + (stack.apiProcess().mapsClassDataArchive() && stack.worker().mapsClassDataArchive() ? "both do"
                    : "**not every service could map one**") + "). The start before it: api-server " + apiFirst
                    + ", worker " + workerFirst + ".");
            long apiIdle = stack.apiProcess().residentKiB();
            long workerIdle = stack.worker().residentKiB();
            try (NginxRouter router = NginxRouter.start(stack.apiProcess().url("/").getPort())) {
                ApiClient api = new ApiClient(router.baseUrl().resolve("/api/"));
                seed(api);
                URI base = router.baseUrl();
                Wrk.Summary current = http(CURRENT_SCENARIO, base.resolve("/api/values/current"),
                        "", ceiling, 12);
                http("GET /api/values/all", base.resolve("/api/values/all"), "", ceiling, 0);
                Wrk.Summary posts = http(POST_SCENARIO, base, mixedPostScript(), ceiling, 4);
                boolean durable = everyAcceptedIndexRecorded(stack);
                RedisClient redisClient = RedisClient.create("redis://127.0.0.1:" + stack.local().redis().port());
                try {
                    RedisCommands<String, String> redis = redisClient.connect().sync();
                    URI apiBase = base.resolve("/api/");
                    Latencies fortieth = EndToEnd.measure(apiBase, redis, 40, options.endToEndSubmissions(), 20);
                    Latencies largest = EndToEnd.measure(apiBase, redis, MAX_INDEX, options.endToEndSubmissions(), 20);
                    // Before the drain, which leaves 10,000 entries of up to 2,090 digits in the hash.
                    if (!options.soak().isZero()) {
                        soak(stack, base, current, posts);
                    }
                    WorkerDrain.Result drain = WorkerDrain.measure(redisClient, options.drainMessages());
                    long apiPeak = stack.apiProcess().peakResidentKiB();
                    long workerPeak = stack.worker().peakResidentKiB();
                    latencyAndServiceTables(fortieth, largest, drain, apiReady, workerReady, apiIdle, workerIdle,
                            apiPeak, workerPeak);
                    goals(ceiling, current, posts, durable, fortieth, drain, apiReady, workerReady, apiPeak,
                            workerPeak);
                } finally {
                    redisClient.shutdown();
                }
            }
        }
        if (options.compose()) {
            composeStack(ceiling);
        }
        return report.write(options.out());
    }

    /**
     * The development stack as {@code docker compose up --build} runs it, through its router on 127.0.0.1:3050.
     * Reported apart from the goals: its api and worker compile the mounted source at start and its PostgreSQL
     * syncs to disk, so it says how the stack a student runs behaves, not how fast the code is.
     */
    private void composeStack(double ceiling) {
        report.heading("Compose stack (docker-compose.yml, development images)");
        Optional<String> unavailable = ComposeStack.unavailableReason();
        if (unavailable.isPresent()) {
            report.paragraph("Not measured here: " + unavailable.get() + ".");
            return;
        }
        try (ComposeStack compose = ComposeStack.up(COMPOSE_TIMEOUT)) {
            boolean peaksReset = compose.resetPeakMemory();
            URI base = compose.routerUrl();
            seed(new ApiClient(base.resolve("/api/")));
            report.paragraph("Built in " + seconds(compose.buildTime()) + " s, ready " + seconds(compose.startToReady())
                    + " s after `up` (nearly all of it the Maven build each development container runs first)"
                    + (compose.onStandIns() ? ", on the stand-in base images of .ci/standins" : "")
                    + ". Throughputs are in the table below, marked \"compose\".");
            http("compose: " + CURRENT_SCENARIO, base.resolve("/api/values/current"), "", ceiling, 0);
            http("compose: " + POST_SCENARIO, base, mixedPostScript(), ceiling, 0);
            Map<String, Long> limits = compose.memoryLimitBytes();
            List<List<String>> rows = new ArrayList<>();
            compose.peakMemoryBytes().forEach((service, peak) -> rows.add(List.of(service,
                    Long.toString(peak / (MIB * MIB)), limits.get(service) == 0 ? "none" : limits.get(service) / (MIB * MIB) + " MiB")));
            report.paragraph("Memory high-water mark of each container's cgroup "
                    + (peaksReset ? "since the load began" : "since it started (this engine cannot reset it)")
                    + "; it counts page cache and every process in the container, unlike the RSS above.");
            report.table(List.of("service", "peak MiB", "limit"), rows);
        }
    }

    private double ceiling() throws Exception {
        int port = FreePort.pick();
        String site = "server {\n  listen 127.0.0.1:" + port + ";\n  location / { return 200 'ok'; }\n}\n";
        try (NginxServer nginx = NginxServer.start(site, port)) {
            Wrk.Summary summary = Wrk.run(URI.create("http://127.0.0.1:" + port + "/"), options.duration(),
                    options.connections(), "");
            report.paragraph("Ceiling: nginx `return 200` alone, same main configuration: **"
                    + Report.number(summary.requestsPerSecond(), 0) + " req/s** (p99 " + Report.millis(summary.p99Micros())
                    + " ms).");
            return summary.requestsPerSecond();
        }
    }

    private Wrk.Summary http(String scenario, URI url, String lua, double ceiling, double goalPercent) {
        Wrk.Summary summary = Wrk.run(url, options.duration(), options.connections(), lua);
        report.throughput(new Report.Throughput(scenario, summary, ceiling, goalPercent));
        System.err.printf("bench: %s: %.0f req/s%n", scenario, summary.requestsPerSecond());
        return summary;
    }

    /** Starts and stops the service, so that the next start has its class-data archive; says how it went. */
    private static String firstStart(ServiceProcess service) {
        boolean mapped = service.mapsClassDataArchive();
        Duration ready = service.awaitReady(AppStack.READY_TIMEOUT);
        service.stop();
        return seconds(ready) + " s " + (mapped ? "(it mapped an archive of an earlier run)" : "(it wrote the archive)");
    }

    private static void seed(ApiClient api) {
        for (int index = 0; index < SEEDED_ENTRIES; index++) {
            if (api.submit(index).status() != 200) {
                throw new IllegalStateException("seeding index " + index + " failed");
            }
        }
        IntStream.range(0, SEEDED_ENTRIES).forEach(index -> api.awaitValue(index, AppStack.VALUE_TIMEOUT));
    }

    static final List<Integer> POSTED_VALID = List.of(5, 7, 9, 11, 13, 17, 19, 23, 29, 31, 37, 40);

    private static String mixedPostScript() {
        return Wrk.script("post-mixed.lua", Map.of("@BODIES@", Wrk.luaList(mixedBodies())));
    }

    private static List<String> mixedBodies() {
        List<String> bodies = new ArrayList<>();
        for (int index : POSTED_VALID) {
            bodies.add(index % 2 == 0 ? "{\"index\":\"" + index + "\"}" : "{\"index\":" + index + "}");
        }
        bodies.addAll(List.of("{\"index\":\"abc\"}", "{\"index\":-5}", "{\"index\":2.5}",
                "{\"index\":" + (MAX_INDEX + 1) + "}"));
        return bodies;
    }

    private static boolean everyAcceptedIndexRecorded(AppStack stack) throws Exception {
        Set<Integer> recorded = new HashSet<>();
        try (Connection connection = DriverManager.getConnection(stack.local().postgres().jdbcUrl(), "postgres", "");
             Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("SELECT number FROM values")) {
            while (rows.next()) {
                recorded.add(rows.getInt(1));
            }
        }
        return recorded.containsAll(POSTED_VALID);
    }

    private void soak(AppStack stack, URI base, Wrk.Summary current, Wrk.Summary posts) {
        report.heading("Soak at half the measured peak");
        List<List<String>> rows = new ArrayList<>();
        double rate = (current.requestsPerSecond() + posts.requestsPerSecond()) / 4;
        long delayMillis = Math.max(1, Math.round(options.connections() * 1000 / rate));
        String paced = Wrk.script("paced.lua", Map.of("@DELAY_MS@", Long.toString(delayMillis)));
        Duration slice = Duration.ofMinutes(1).compareTo(options.soak()) < 0 ? Duration.ofMinutes(1) : options.soak();
        long errors = 0;
        List<Long> p99s = new ArrayList<>();
        List<Long> apiRss = new ArrayList<>();
        for (Duration done = Duration.ZERO; done.compareTo(options.soak()) < 0; done = done.plus(slice)) {
            Wrk.Summary summary = Wrk.run(base.resolve("/api/values/current"), slice, options.connections(), paced);
            errors += summary.socketErrors() + summary.non2xx();
            p99s.add(summary.p99Micros());
            apiRss.add(stack.apiProcess().residentKiB());
            rows.add(List.of(Long.toString(done.plus(slice).toMinutes()), Report.number(summary.requestsPerSecond(), 0),
                    Report.millis(summary.p99Micros()), Long.toString(summary.socketErrors() + summary.non2xx()),
                    Long.toString(apiRss.get(apiRss.size() - 1) / MIB),
                    Long.toString(stack.worker().residentKiB() / MIB)));
        }
        report.table(List.of("minute", "req/s", "p99 ms", "errors", "api RSS MiB", "worker RSS MiB"), rows);
        // Drift: the last slice against the first, with room for noise (10 % or 8 MiB of RSS, 50 % or 2 ms of p99).
        long firstRss = apiRss.get(0);
        long lastRss = apiRss.get(apiRss.size() - 1);
        long firstP99 = p99s.get(0);
        long lastP99 = p99s.get(p99s.size() - 1);
        boolean rssSteady = lastRss <= Math.max(firstRss * 1.10, firstRss + 8 * MIB);
        boolean p99Steady = lastP99 <= Math.max(firstP99 * 1.5, firstP99 + 2_000);
        report.goal(new Report.Goal("soak at half peak", "zero errors, no upward drift of RSS or p99",
                errors + " errors; api RSS " + firstRss / MIB + " → " + lastRss / MIB + " MiB; p99 "
                        + Report.millis(firstP99) + " → " + Report.millis(lastP99) + " ms",
                errors == 0 && rssSteady && p99Steady));
    }

    private void latencyAndServiceTables(Latencies fortieth, Latencies largest, WorkerDrain.Result drain,
                                         Duration apiReady, Duration workerReady, long apiIdle, long workerIdle,
                                         long apiPeak, long workerPeak) {
        report.heading("POST to value visible, through the router (20 submissions/s)");
        report.table(List.of("index", "submissions", "p50 ms", "p99 ms", "max ms"), List.of(
                latencyRow("40", fortieth), latencyRow(MAX_INDEX + " (largest allowed here)", largest)));
        report.heading("Worker drain");
        report.paragraph(drain.messages() + " distinct indexes published on `insert` (at "
                + Report.number(drain.publishedPerSecond(), 0) + " messages/s), all stored after "
                + Report.number(drain.seconds(), 2) + " s: **" + Report.number(drain.messagesPerSecond(), 0)
                + " messages/s**.");
        report.heading("Services");
        report.table(List.of("service", "start to ready s", "idle RSS MiB", "peak RSS MiB"), List.of(
                List.of("api-server", seconds(apiReady), Long.toString(apiIdle / MIB), Long.toString(apiPeak / MIB)),
                List.of("worker", seconds(workerReady), Long.toString(workerIdle / MIB), Long.toString(workerPeak / MIB))));
    }

    private void goals(double ceiling, Wrk.Summary current, Wrk.Summary posts, boolean durable,
                       Latencies fortieth, WorkerDrain.Result drain, Duration apiReady, Duration workerReady,
                       long apiPeak, long workerPeak) {
        double currentShare = 100 * current.requestsPerSecond() / ceiling;
        double postShare = 100 * posts.requestsPerSecond() / ceiling;
        report.goal(new Report.Goal("GET /api/values/current through nginx", "≥ 12 % of ceiling, p99 ≤ 5 ms",
                Report.number(currentShare, 2) + " %, p99 " + Report.millis(current.p99Micros()) + " ms",
                currentShare >= 12 && current.p99Micros() <= 5_000));
        report.goal(new Report.Goal("POST /api/values through nginx", "≥ 4 % of ceiling, every accepted index in PostgreSQL",
                Report.number(postShare, 2) + " %, " + (durable ? "all recorded" : "**some missing**"),
                postShare >= 4 && durable));
        report.goal(new Report.Goal("POST → value visible, index 40", "p99 ≤ 10 ms",
                Report.number(fortieth.p99Millis(), 2) + " ms", fortieth.p99Millis() <= 10));
        report.goal(new Report.Goal("worker drain", "≥ 20,000 messages/s",
                Report.number(drain.messagesPerSecond(), 0) + " messages/s", drain.messagesPerSecond() >= 20_000));
        report.goal(new Report.Goal("api-server peak RSS", "≤ 128 MiB", apiPeak / MIB + " MiB", apiPeak <= 128 * MIB));
        report.goal(new Report.Goal("worker peak RSS", "≤ 128 MiB", workerPeak / MIB + " MiB", workerPeak <= 128 * MIB));
        report.goal(new Report.Goal("api-server start to ready", "≤ 1.5 s", seconds(apiReady) + " s",
                apiReady.toMillis() <= 1_500));
        report.goal(new Report.Goal("worker start to ready", "≤ 1.5 s", seconds(workerReady) + " s",
                workerReady.toMillis() <= 1_500));
    }

    private static List<String> latencyRow(String index, Latencies latencies) {
        return List.of(index, Integer.toString(latencies.count()), Report.number(latencies.p50Millis(), 2),
                Report.number(latencies.p99Millis(), 2), Report.number(latencies.maxMillis(), 2));
    }

    private static String seconds(Duration duration) {
        return Report.number(duration.toMillis() / 1000.0, 2);
    }
}
