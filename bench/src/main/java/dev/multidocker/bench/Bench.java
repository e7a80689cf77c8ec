package dev.multidocker.bench;

import dev.multidocker.embedded.FreePort;
import dev.multidocker.embedded.ServiceProcess;
import dev.multidocker.fixtures.Fibonacci;
import dev.multidocker.fixtures.nginx.Nginx;
import dev.multidocker.fixtures.nginx.NginxRouter;
import dev.multidocker.fixtures.nginx.NginxServer;
import dev.multidocker.fixtures.stack.ApiClient;
import dev.multidocker.fixtures.stack.AppStack;
import dev.multidocker.fixtures.stack.DebianPostgres;
import dev.multidocker.fixtures.stack.DebianRedis;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.sync.RedisCommands;

import java.net.URI;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * The benchmark: the stack as it ships, at its default configuration, on this machine. Debian's PostgreSQL 15
 * (durable: fsync and synchronous_commit on) and redis-server 7, the service jars as processes with the flags of
 * jvm.options, Debian's nginx with the project's router and client configurations; wrk drives it on 127.0.0.1
 * only, for bounded times. Throughputs are shares of two ceilings measured in the same run, because absolute
 * numbers drift on shared machines: nginx {@code return 200} alone, and the router proxying to an nginx that
 * answers a fixed 41-entry JSON (the fastest any upstream could answer through this router).
 */
public final class Bench {

    /** The course's limit, which the product ships with. */
    static final int MAX_INDEX = 40;
    /** Indexes 20 to 40: 21 distinct, all valid, as in the course app's reference run. */
    static final List<Integer> POSTED = IntStream.rangeClosed(20, MAX_INDEX).boxed().toList();
    /** The durable-insert scenario's own api: every request a new index, far above any other scenario's. */
    static final int INSERT_MAX_INDEX = 1_000_000_000;
    private static final int FIRST_NEW_INDEX = 1_000_000;
    /** Where the durable-insert warm-up's indexes start: above every index the measured requests reach. */
    private static final int WARM_UP_FIRST_NEW_INDEX = 500_000_000;
    private static final Duration WARM_UP = Duration.ofSeconds(5);
    private static final int SUBMISSIONS_PER_SECOND = 20;
    /** The paced measurements are warmed up as every wrk scenario is: {@link #WARM_UP} of submissions at their pace. */
    private static final int WARM_UP_SUBMISSIONS = (int) WARM_UP.toSeconds() * SUBMISSIONS_PER_SECOND;
    private static final String INSERTS_DATABASE = "inserts";
    private static final long MIB = 1024;
    static final String CURRENT_SCENARIO = "GET /api/values/current (41 entries)";
    static final String ALL_SCENARIO = "GET /api/values/all (41 rows)";
    static final String POST_SCENARIO = "POST /api/values, all valid, 21 distinct indexes";
    static final String INSERT_SCENARIO = "POST /api/values, a new index each (durable insert)";
    /** The wrk scenarios the api is loaded with before its peak RSS is read: POST, current, all. */
    private static final int API_SCENARIOS = 3;
    static final String BARE_FRAMEWORK = "framework floor: bare Micronaut, no app code";
    private static final String BARE_FRAMEWORK_SHORT = "bare Micronaut on this machine";
    /** A cold build of the development images downloads every dependency inside them. */
    private static final Duration COMPOSE_TIMEOUT = Duration.ofMinutes(15);

    private final Options options;
    private final Report report = new Report("multi-docker benchmark");
    private final Instant started = Instant.now();

    Bench(Options options) {
        this.options = options;
    }

    /** {@code firstStart}: start each service once before the measured start, so that it has its ahead-of-time cache. */
    record Options(Duration duration, int connections, int endToEndSubmissions, Duration soak, boolean compose,
                   boolean firstStart, Path out) {

        static final String USAGE = """
                usage: bench/run [--smoke] [--duration 15s] [--connections 32] [--soak 10m] [--no-compose] [--out DIR]
                  --smoke        a short run that checks the benchmark works (CI), not the speed: one start of
                                 each service, no compose stack
                  --no-compose   leave out the compose stack, which is measured wherever a Docker engine answers
                  --duration     how long wrk (and pgbench) drive each scenario (default 15s)
                  --connections  wrk connections (default 32, as the course's figures)
                  --soak         also run the soak at half the measured peak for this long (e.g. 10m)
                  --out          where report.md and throughput.png go (default target/report)""";

        static Options parse(String[] args) {
            Duration duration = Duration.ofSeconds(15);
            int connections = 32;
            int submissions = 200;
            Duration soak = Duration.ZERO;
            boolean compose = true;
            boolean firstStart = true;
            Path out = Path.of("target", "report");
            for (int i = 0; i < args.length; i++) {
                String flag = args[i];
                switch (flag) {
                    case "--smoke" -> {
                        duration = Duration.ofSeconds(2);
                        submissions = 20;
                        compose = false;
                        firstStart = false;
                    }
                    case "--no-compose" -> compose = false;
                    case "--duration" -> duration = duration(value(args, ++i, flag));
                    case "--connections" -> connections = positive(flag, value(args, ++i, flag));
                    case "--soak" -> soak = duration(value(args, ++i, flag));
                    case "--out" -> out = Path.of(value(args, ++i, flag));
                    default -> throw new IllegalArgumentException("unknown option " + flag + "\n" + USAGE);
                }
            }
            return new Options(duration, connections, submissions, soak, compose, firstStart, out);
        }

        private static String value(String[] args, int index, String flag) {
            if (index >= args.length) {
                throw new IllegalArgumentException(flag + " needs a value\n" + USAGE);
            }
            return args[index];
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

    /** What the benchmark needs that is not on this machine, named by Debian package; empty when all is there. */
    static Optional<String> missing() {
        List<String> missing = new ArrayList<>();
        if (!Wrk.installed()) {
            missing.add("wrk");
        }
        if (!Nginx.installed()) {
            missing.add("nginx");
        }
        if (!DebianPostgres.installed()) {
            missing.add("postgresql (15)");
        }
        if (!DebianRedis.installed()) {
            missing.add("redis-server");
        }
        return missing.isEmpty() ? Optional.empty()
                : Optional.of("the benchmark needs Debian's " + String.join(", ", missing) + " (apt-get install)");
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
        Optional<String> missing = missing();
        if (missing.isPresent()) {
            System.err.println(missing.get());
            System.exit(2);
        }
        System.out.println(new Bench(options).run());
    }

    /** Both ceilings of this run, in requests per second. */
    record Ceilings(double return200, double proxied) {
    }

    /** What the stack's run measured, reported beside the bare framework's figures. */
    private record StackFigures(Wrk.Summary current, Wrk.Summary all, Wrk.Summary posts, boolean postsDurable,
                                Latencies fortieth, Latencies floor, Duration apiReady, Duration workerReady,
                                long apiIdle, long workerIdle, long apiPeak, long workerPeak,
                                Optional<Report.Goal> soak) {
    }

    /** The bare framework's start to ready and memory (bench/framework-floor), the reference of the services'. */
    record BareFramework(Duration ready, long idleKiB, long peakKiB) {
    }

    /** Runs every scenario and returns the report's Markdown. */
    String run() throws Exception {
        report.paragraph("Run " + Instant.now() + " on " + Runtime.getRuntime().availableProcessors()
                + " cores; wrk -t" + Wrk.THREADS + " -c" + options.connections() + ", " + options.duration().toSeconds()
                + " s per scenario; services on Java " + Runtime.version() + " (the JVM running the benchmark) with the"
                + " flags of jvm.options and " + ServiceProcess.MEMORY_ENVIRONMENT
                + "; FIB_MAX_INDEX=" + MAX_INDEX + " (the default). Debian's PostgreSQL 15 with fsync and "
                + "synchronous_commit on, as production runs it; Debian's redis-server 7.");
        Ceilings ceilings = new Ceilings(return200Ceiling(), proxiedCeiling());
        StackFigures stackFigures;
        Report.Goal insertsGoal;
        try (DebianPostgres postgres = DebianPostgres.start(); DebianRedis redis = DebianRedis.start()) {
            Map<String, String> environment = new HashMap<>(postgres.serviceEnvironment(DebianPostgres.DATABASE));
            environment.putAll(redis.serviceEnvironment());
            environment.put("FIB_MAX_INDEX", Integer.toString(MAX_INDEX));
            try (AppStack stack = AppStack.notStarted("bench", environment)) {
                // The first start after a build writes the ahead-of-time cache as it stops, as the first run of a
                // freshly built service does; users start services far more often than that.
                if (options.firstStart()) {
                    String apiFirst = firstStart(stack.startApi());
                    String workerFirst = firstStart(stack.startWorker());
                    report.paragraph("Start to ready below is of the second start after the build; the first: "
                            + "api-server " + apiFirst + " s, worker " + workerFirst + " s.");
                }
                Duration apiReady = stack.startApi().awaitReady(AppStack.READY_TIMEOUT);
                Duration workerReady = stack.startWorker().awaitReady(AppStack.READY_TIMEOUT);
                long apiIdle = stack.apiProcess().residentKiB();
                long workerIdle = stack.worker().residentKiB();
                try (NginxRouter router = NginxRouter.start(stack.apiProcess().url("/").getPort())) {
                    URI base = router.baseUrl();
                    // On an empty database: the POSTs of its warm-up make each index's first insert.
                    OptionalLong api = OptionalLong.of(stack.apiProcess().pid());
                    Wrk.Summary posts = http(POST_SCENARIO, api, base, allValidPostScript(), ceilings, 22);
                    boolean postsDurable = posts.non2xx() == 0
                            && recorded(postgres.connect(DebianPostgres.DATABASE)).containsAll(POSTED);
                    seed(new ApiClient(base.resolve("/api/")));
                    Wrk.Summary current = http(CURRENT_SCENARIO, api, base.resolve("/api/values/current"), "", ceilings, 60);
                    Wrk.Summary all = http(ALL_SCENARIO, api, base.resolve("/api/values/all"), "", ceilings, 35);
                    Latencies fortieth = endToEnd(base.resolve("/api/"), redis);
                    Latencies floor = pacedFloor();
                    Optional<Report.Goal> soak = options.soak().isZero() ? Optional.empty()
                            : Optional.of(soak(stack, base, current, posts));
                    stackFigures = new StackFigures(current, all, posts, postsDurable, fortieth, floor, apiReady,
                            workerReady, apiIdle, workerIdle, stack.apiProcess().peakResidentKiB(),
                            stack.worker().peakResidentKiB(), soak);
                }
            }
            insertsGoal = durableInserts(postgres, ceilings);
        }
        // Last, so that its load comes after the stack's scenarios rather than before them.
        BareFramework bare = bareFramework();
        serviceTables(stackFigures, bare);
        goals(ceilings, stackFigures, bare);
        stackFigures.soak().ifPresent(report::goal);
        report.goal(insertsGoal);
        composeStack(ceilings);
        return report.write(options.out());
    }

    /**
     * The development stack as {@code docker compose up --build} runs it, through its router on 127.0.0.1:3050.
     * Reported apart from the goals: its api and worker compile the mounted source at start, so it says how the
     * stack a student runs behaves, not how fast the code is.
     */
    private void composeStack(Ceilings ceilings) {
        report.heading("Compose stack (docker-compose.yml, development images)");
        if (!options.compose()) {
            report.paragraph("Not measured in this run (--no-compose or --smoke).");
            return;
        }
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
            // The api's JVM is inside its container, out of jstat's reach.
            http("compose: " + CURRENT_SCENARIO, OptionalLong.empty(), base.resolve("/api/values/current"), "",
                    ceilings, 0);
            http("compose: " + POST_SCENARIO, OptionalLong.empty(), base, allValidPostScript(), ceilings, 0);
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

    private double return200Ceiling() throws Exception {
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

    /** The router as configured in the repository, in front of an nginx answering what the API would for 41 entries. */
    private double proxiedCeiling() throws Exception {
        int upstreamPort = FreePort.pick();
        String body = IntStream.rangeClosed(0, MAX_INDEX)
                .mapToObj(index -> "\"" + index + "\":\"" + Fibonacci.of(index) + "\"")
                .collect(Collectors.joining(",", "{", "}"));
        try (NginxServer upstream = NginxServer.start(fixedJsonSite(upstreamPort, body), upstreamPort);
             NginxRouter router = NginxRouter.start(upstreamPort)) {
            Wrk.Summary summary = Wrk.run(router.url("/api/values/current"), options.duration(),
                    options.connections(), "");
            report.paragraph("Proxied ceiling: the router proxying GET /api/values/current to an nginx that returns a "
                    + "fixed 41-entry JSON (" + body.length() + " bytes): **" + Report.number(summary.requestsPerSecond(), 0)
                    + " req/s** (p99 " + Report.millis(summary.p99Micros()) + " ms). Every share below is of this "
                    + "ceiling, with the share of `return 200` beside it.");
            return summary.requestsPerSecond();
        }
    }

    /**
     * What {@link #endToEnd} would measure if the api and the worker took no time: the same paced POST and one
     * poll, through the router, answered at once by an nginx. Paced round trips wait for idle cores to wake, so
     * this floor, not zero, is what the product's figure is to be read against.
     */
    private Latencies pacedFloor() throws Exception {
        int upstreamPort = FreePort.pick();
        try (NginxServer upstream = NginxServer.start(fixedJsonSite(upstreamPort, "{\"working\":true}"),
                upstreamPort);
             NginxRouter router = NginxRouter.start(upstreamPort)) {
            URI api = router.url("/api/");
            EndToEnd.floor(api, MAX_INDEX, WARM_UP_SUBMISSIONS, SUBMISSIONS_PER_SECOND);
            return EndToEnd.floor(api, MAX_INDEX, options.endToEndSubmissions(), SUBMISSIONS_PER_SECOND);
        }
    }

    private static String fixedJsonSite(int port, String body) {
        return "server {\n  listen 127.0.0.1:" + port + ";\n  default_type application/json;\n"
                + "  location / { return 200 '" + body + "'; }\n}\n";
    }

    /**
     * One scenario, after a warm-up with the same requests. The services just started, and a path's first
     * seconds under load run interpreted code while the JIT compiles it (the POSTs here: p99 about 150 ms, against
     * 8 ms warm): that is start-up, measured apart, not throughput. The warm-up's errors count as the
     * scenario's. The collections of the api's JVM ({@code apiPid}) during the measured part go beside its figures.
     */
    private Wrk.Summary http(String scenario, OptionalLong apiPid, URI url, String lua, Ceilings ceilings,
                             double goalPercent) {
        return http(scenario, apiPid, url, lua, lua, ceilings, goalPercent);
    }

    private Wrk.Summary http(String scenario, OptionalLong apiPid, URI url, String warmUpLua, String lua,
                             Ceilings ceilings, double goalPercent) {
        Wrk.Summary warmUp = Wrk.run(url, WARM_UP.compareTo(options.duration()) < 0 ? WARM_UP : options.duration(),
                options.connections(), warmUpLua);
        Optional<GcPauses> before = gcPauses(apiPid);
        Wrk.Summary summary = Wrk.run(url, options.duration(), options.connections(), lua).withErrorsOf(warmUp);
        Optional<GcPauses> during = gcPauses(apiPid).flatMap(after -> before.map(after::since));
        report.throughput(new Report.Throughput(scenario, summary, ceilings, goalPercent, during));
        System.err.printf("bench: %4d s into the run, %s: %.0f req/s%n",
                Duration.between(started, Instant.now()).toSeconds(), scenario, summary.requestsPerSecond());
        return summary;
    }

    private static Optional<GcPauses> gcPauses(OptionalLong pid) {
        return pid.isPresent() ? GcPauses.of(pid.getAsLong()) : Optional.empty();
    }

    /**
     * Micronaut's HTTP server with its health endpoint and one route, none of the app's code or libraries, started
     * as the services are (jvm.options, the ahead-of-time cache, the second start after the build) and loaded with
     * GET / by wrk for as long as the api's three throughput scenarios last: what the framework alone takes here.
     */
    private BareFramework bareFramework() {
        Path jar = Path.of("framework-floor", "target", "framework-floor.jar");
        Path log = Path.of("target", "stack", "framework-floor", "framework-floor.log").toAbsolutePath();
        int port = FreePort.pick();
        Supplier<ServiceProcess> start = () -> ServiceProcess.start("framework-floor", jar, port, Map.of(), log);
        if (options.firstStart()) {
            firstStart(start.get());
        }
        try (ServiceProcess service = start.get()) {
            Duration ready = service.awaitReady(AppStack.READY_TIMEOUT);
            long idle = service.residentKiB();
            Wrk.run(service.url("/"), WARM_UP.plus(options.duration()).multipliedBy(API_SCENARIOS),
                    options.connections(), "");
            return new BareFramework(ready, idle, service.peakResidentKiB());
        }
    }

    /** Starts and stops the service, so that the next start has its ahead-of-time cache; its start to ready. */
    private static String firstStart(ServiceProcess service) {
        Duration ready = service.awaitReady(AppStack.READY_TIMEOUT);
        service.stop();
        return seconds(ready);
    }

    /** Every index up to the limit submitted and computed: GET /api/values/current then lists 41 entries. */
    private static void seed(ApiClient api) {
        for (int index = 0; index <= MAX_INDEX; index++) {
            if (api.submit(index).status() != 200) {
                throw new IllegalStateException("seeding index " + index + " failed");
            }
        }
        IntStream.rangeClosed(0, MAX_INDEX).forEach(index -> api.awaitValue(index, AppStack.VALUE_TIMEOUT));
    }

    static String allValidPostScript() {
        List<String> bodies = POSTED.stream().map(index -> "{\"index\":" + index + "}").toList();
        return Wrk.script("post-rotation.lua", Map.of("@BODIES@", Wrk.luaList(bodies)));
    }

    private static Set<Integer> recorded(Connection connection) throws Exception {
        Set<Integer> recorded = new HashSet<>();
        try (connection; Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("SELECT number FROM values")) {
            while (rows.next()) {
                recorded.add(rows.getInt(1));
            }
        }
        return recorded;
    }

    /** After a warm-up of the same submissions, as every wrk scenario has: the worker's path is cold until then. */
    private Latencies endToEnd(URI api, DebianRedis redis) {
        RedisClient client = RedisClient.create("redis://127.0.0.1:" + redis.port());
        try {
            RedisCommands<String, String> commands = client.connect().sync();
            EndToEnd.measure(api, commands, MAX_INDEX, WARM_UP_SUBMISSIONS, SUBMISSIONS_PER_SECOND);
            return EndToEnd.measure(api, commands, MAX_INDEX, options.endToEndSubmissions(), SUBMISSIONS_PER_SECOND);
        } finally {
            client.shutdown();
        }
    }

    /**
     * New distinct indexes, each an INSERT that PostgreSQL must flush before the answer, through an api of its own
     * (FIB_MAX_INDEX raised, its own database and an empty Redis, no worker); then pgbench's rate for the same
     * statement on the same server with as many connections as that api's pool opened. Returns its goal, which the
     * goals table lists after the stack's.
     */
    private Report.Goal durableInserts(DebianPostgres postgres, Ceilings ceilings) throws Exception {
        report.heading("Durable inserts against pgbench");
        try (Connection connection = postgres.connect(DebianPostgres.DATABASE);
             Statement statement = connection.createStatement()) {
            statement.execute("CREATE DATABASE " + INSERTS_DATABASE);
        }
        Wrk.Summary inserts;
        int pool;
        try (DebianRedis emptyRedis = DebianRedis.start()) {
            Map<String, String> environment = new HashMap<>(postgres.serviceEnvironment(INSERTS_DATABASE));
            environment.putAll(emptyRedis.serviceEnvironment());
            environment.put("FIB_MAX_INDEX", Integer.toString(INSERT_MAX_INDEX));
            try (AppStack stack = AppStack.notStarted("bench-inserts", environment)) {
                stack.startApi().awaitReady(AppStack.READY_TIMEOUT);
                try (NginxRouter router = NginxRouter.start(stack.apiProcess().url("/").getPort())) {
                    // The warm-up's new indexes are far from those measured, which stay new.
                    inserts = http(INSERT_SCENARIO, OptionalLong.of(stack.apiProcess().pid()), router.baseUrl(),
                            newIndexScript(WARM_UP_FIRST_NEW_INDEX), newIndexScript(FIRST_NEW_INDEX), ceilings, 0);
                }
                pool = connectionsTo(postgres, INSERTS_DATABASE);
                if (pool == 0) {
                    throw new IllegalStateException("the api held no connection to " + INSERTS_DATABASE
                            + " after load");
                }
            }
        }
        long accepted = inserts.requests() - inserts.non2xx();
        Set<Integer> rows = recorded(postgres.connect(INSERTS_DATABASE)).stream()
                .filter(number -> number < WARM_UP_FIRST_NEW_INDEX).collect(Collectors.toSet());
        Pgbench.Result pgbench = Pgbench.inserts(postgres, INSERTS_DATABASE, pool, options.duration());
        boolean durable = inserts.non2xx() == 0 && rows.size() >= accepted;
        report.table(List.of("", "connections", "inserts/s", "latency ms"), List.of(
                List.of("api through the router, a new index per POST", Integer.toString(pool) + " (its pool)",
                        Report.number(inserts.requestsPerSecond(), 0), "p50 " + Report.millis(inserts.p50Micros())),
                List.of("pgbench -M prepared, `" + Pgbench.STATEMENT + "`", Integer.toString(pool),
                        Report.number(pgbench.transactionsPerSecond(), 0),
                        "mean " + Report.number(pgbench.averageMillis(), 2))));
        report.paragraph("The api reaches **" + Report.number(100 * inserts.requestsPerSecond()
                / pgbench.transactionsPerSecond(), 1) + " %** of pgbench's rate. " + accepted + " POSTs answered 200; "
                + rows.size() + " rows in PostgreSQL afterwards (requests still in flight when wrk stopped may add "
                + "rows).");
        return new Report.Goal("durable inserts: a new index per POST", "—",
                "every accepted index in PostgreSQL; rate beside pgbench's",
                rows.size() + " rows for " + accepted + " accepted; " + Report.number(100 * inserts.requestsPerSecond()
                        / pgbench.transactionsPerSecond(), 1) + " % of pgbench", durable);
    }

    private static String newIndexScript(int first) {
        return Wrk.script("post-new.lua", Map.of("@FIRST@", Integer.toString(first)));
    }

    /**
     * Connections the services hold open to {@code database} (the api's pool, after load), without the api's
     * listening connection, which docs/contract.md names by its {@code application_name}.
     */
    private static int connectionsTo(DebianPostgres postgres, String database) throws Exception {
        try (Connection connection = postgres.connect(DebianPostgres.DATABASE);
             Statement statement = connection.createStatement();
             ResultSet count = statement.executeQuery("SELECT count(*) FROM pg_stat_activity WHERE datname = '"
                     + database + "' AND backend_type = 'client backend'"
                     + " AND application_name <> 'values-changed-listener'")) {
            count.next();
            return count.getInt(1);
        }
    }

    /** Runs the soak and reports its table; its goal, for the goals table. */
    private Report.Goal soak(AppStack stack, URI base, Wrk.Summary current, Wrk.Summary posts) {
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
        return new Report.Goal("soak at half peak, " + options.soak().toMinutes() + " min", "—",
                "zero errors, no upward drift of RSS or p99",
                errors + " errors; api RSS " + firstRss / MIB + " → " + lastRss / MIB + " MiB; p99 "
                        + Report.millis(firstP99) + " → " + Report.millis(lastP99) + " ms",
                errors == 0 && rssSteady && p99Steady);
    }

    private void serviceTables(StackFigures stack, BareFramework bare) {
        report.heading("POST to value visible, index 40, through the router (" + SUBMISSIONS_PER_SECOND
                + " submissions/s, after " + WARM_UP.toSeconds() + " s of the same)");
        report.table(List.of("", "submissions", "p50 ms", "p99 ms", "max ms"), List.of(
                latencyRow("the stack: POST, then polls until the value is computed", stack.fortieth()),
                latencyRow("floor: the same POST and one poll, answered at once by an nginx behind the router",
                        stack.floor())));
        report.heading("Services");
        report.table(List.of("service", "start to ready s", "idle RSS MiB", "peak RSS MiB (VmHWM)"), List.of(
                List.of("api-server", seconds(stack.apiReady()), Long.toString(stack.apiIdle() / MIB),
                        Long.toString(stack.apiPeak() / MIB)),
                List.of("worker", seconds(stack.workerReady()), Long.toString(stack.workerIdle() / MIB),
                        Long.toString(stack.workerPeak() / MIB)),
                List.of(BARE_FRAMEWORK, seconds(bare.ready()), Long.toString(bare.idleKiB() / MIB),
                        Long.toString(bare.peakKiB() / MIB))));
        report.paragraph("The last row is the framework alone (bench/framework-floor): Micronaut's HTTP server, its "
                + "JSON and health endpoint, one route answering GET /, started the same way after the stack's "
                + "scenarios and loaded with wrk for as long as the api's three. The goals of 0.5 s and 128 MiB are "
                + "read against it.");
    }

    private static List<String> latencyRow(String what, Latencies latencies) {
        return List.of(what, Integer.toString(latencies.count()), Report.number(latencies.p50Millis(), 2),
                Report.number(latencies.p99Millis(), 2), Report.number(latencies.maxMillis(), 2));
    }

    /** The goals with the course's Node app, measured the same way on the same machine, as the reference. */
    private void goals(Ceilings ceilings, StackFigures stack, BareFramework bare) {
        String bareStart = " (" + BARE_FRAMEWORK_SHORT + ": " + seconds(bare.ready()) + " s)";
        report.goal(new Report.Goal(CURRENT_SCENARIO, "11.7 %", "≥ 60 % of proxied ceiling",
                shares(stack.current(), ceilings), share(stack.current(), ceilings) >= 60));
        report.goal(new Report.Goal(ALL_SCENARIO, "8.7 %", "≥ 35 %", shares(stack.all(), ceilings),
                share(stack.all(), ceilings) >= 35));
        report.goal(new Report.Goal(POST_SCENARIO, "7.3 % (answers before PostgreSQL does)",
                "≥ 22 %, every accepted index durable",
                shares(stack.posts(), ceilings) + ", "
                        + (stack.postsDurable() ? "all recorded" : "**some missing or refused**"),
                share(stack.posts(), ceilings) >= 22 && stack.postsDurable()));
        report.goal(new Report.Goal("POST → value visible, index 40, p99", "~690 ms (naive recursion)", "≤ 5 ms",
                Report.number(stack.fortieth().p99Millis(), 2) + " ms (floor on this machine: "
                        + Report.number(stack.floor().p99Millis(), 2) + " ms)", stack.fortieth().p99Millis() <= 5));
        report.goal(new Report.Goal("api-server peak RSS under that load", "280 MiB", "≤ 128 MiB",
                Report.number(stack.apiPeak() / (double) MIB, 1) + " MiB (" + BARE_FRAMEWORK_SHORT + ": "
                        + Report.number(bare.peakKiB() / (double) MIB, 1) + " MiB)", stack.apiPeak() <= 128 * MIB));
        report.goal(new Report.Goal("api-server start to ready", "0.25 s", "≤ 0.5 s",
                seconds(stack.apiReady()) + " s" + bareStart, stack.apiReady().toMillis() <= 500));
        report.goal(new Report.Goal("worker start to ready", "0.25 s", "≤ 0.5 s",
                seconds(stack.workerReady()) + " s" + bareStart, stack.workerReady().toMillis() <= 500));
    }

    private static double share(Wrk.Summary summary, Ceilings ceilings) {
        return 100 * summary.requestsPerSecond() / ceilings.proxied();
    }

    private static String shares(Wrk.Summary summary, Ceilings ceilings) {
        return Report.number(share(summary, ceilings), 1) + " % (" + Report.number(100 * summary.requestsPerSecond()
                / ceilings.return200(), 1) + " % of return 200), p99 " + Report.millis(summary.p99Micros()) + " ms";
    }

    private static String seconds(Duration duration) {
        return Report.number(duration.toMillis() / 1000.0, 2);
    }
}
