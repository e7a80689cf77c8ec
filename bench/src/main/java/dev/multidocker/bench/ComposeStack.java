package dev.multidocker.bench;

import dev.multidocker.fixtures.Await;
import dev.multidocker.fixtures.docker.DockerCli;
import dev.multidocker.fixtures.docker.LoopbackCompose;
import dev.multidocker.fixtures.docker.RepoPaths;
import dev.multidocker.fixtures.stack.ApiClient;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The repository's docker-compose.yml run as users run it ({@code docker compose up --build}), under a fixed
 * project name, from compose's own rendering with every published port on 127.0.0.1 only ({@link LoopbackCompose}).
 * Where the official base images are absent and .ci/docker.sh built the stand-ins, the container tests' stand-in
 * override is merged in. Nothing is pulled from a registry.
 */
final class ComposeStack implements AutoCloseable {

    /** Apart from a user's own stack and from the container tests': each run replaces the previous run's images. */
    private static final String PROJECT = "multidocker-bench";
    private static final String PROJECT_FILTER = "label=com.docker.compose.project=" + PROJECT;
    private static final String COMPOSE_FILE = "docker-compose.yml";
    private static final String ROUTER = "nginx";
    private static final Duration COMMAND_TIMEOUT = Duration.ofMinutes(1);
    private static final Duration DOWN_TIMEOUT = Duration.ofMinutes(3);
    private static final Duration POLL = Duration.ofSeconds(1);
    private static final Pattern ARG = Pattern.compile("\\s*ARG\\s+(\\w+)=(\\S+)\\s*", Pattern.CASE_INSENSITIVE);
    private static final Pattern FROM = Pattern.compile("\\s*FROM\\s+(?:--\\S+\\s+)*(\\S+)(?:\\s+AS\\s+(\\S+))?\\s*",
            Pattern.CASE_INSENSITIVE);
    private static final Pattern VARIABLE = Pattern.compile("\\$\\{(\\w+)}");

    private final List<String> compose;
    private final Path composeFile;
    private final Set<String> services;
    private final boolean onStandIns;
    private final Thread closeAtExit = new Thread(this::closeAtExit, "compose-down");
    private Map<String, String> containers = Map.of();
    private URI routerUrl;
    private Duration buildTime;
    private Duration startToReady;
    private boolean closed;

    private ComposeStack(List<String> compose, Path composeFile, Set<String> services, boolean onStandIns) {
        this.compose = compose;
        this.composeFile = composeFile;
        this.services = services;
        this.onStandIns = onStandIns;
    }

    /** The compose command and files to run here, or why the stack cannot run here. */
    private record Setup(List<String> compose, List<String> files, String unavailable) {

        static Setup unavailable(String reason) {
            return new Setup(List.of(), List.of(), reason);
        }
    }

    /**
     * Empty where the stack can run here; otherwise why not: no engine, no compose, or neither the official base
     * images nor the stand-ins on this machine.
     */
    static Optional<String> unavailableReason() {
        return Optional.ofNullable(setup().unavailable());
    }

    /**
     * Builds the images, starts the stack and waits until every container is running (and healthy, where it has a
     * health check) and the router answers GET /api/values/current with 200, all within the timeout. Starts from
     * nothing: whatever a previous run left under the project name, data included, is removed first. On any
     * failure, removes what it started before throwing.
     */
    static ComposeStack up(Duration timeout) {
        Instant deadline = Instant.now().plus(timeout);
        Setup setup = setup();
        if (setup.unavailable() != null) {
            throw new IllegalStateException("the compose stack cannot run here: " + setup.unavailable());
        }
        Map<String, Object> config = LoopbackCompose.config(setup.compose(), PROJECT, setup.files());
        ComposeStack stack = new ComposeStack(setup.compose(), LoopbackCompose.write(config),
                LoopbackCompose.services(config).keySet(), setup.files().size() > 1);
        Runtime.getRuntime().addShutdownHook(stack.closeAtExit);
        try {
            stack.down();
            stack.start(deadline, timeout);
            return stack;
        } catch (RuntimeException | Error e) {
            IllegalStateException failure = new IllegalStateException(
                    "the compose stack did not come up (cause below); last log lines:\n" + stack.logs(), e);
            try {
                stack.close();
            } catch (RuntimeException | Error cleanup) {
                failure.addSuppressed(cleanup);
            }
            throw failure;
        }
    }

    /** The router as published on this machine, on 127.0.0.1. */
    URI routerUrl() {
        return routerUrl;
    }

    /** Whether the stack runs on the stand-ins of .ci/standins instead of the official images. */
    boolean onStandIns() {
        return onStandIns;
    }

    /** How long building the images took (cache-dependent). */
    Duration buildTime() {
        return buildTime;
    }

    /**
     * From {@code up} to ready. In development mode the api and worker containers build their module with Maven
     * before the service starts, so this is mostly that build.
     */
    Duration startToReady() {
        return startToReady;
    }

    /** Per compose service, its container's highest memory use so far (cgroup high-water mark: page cache included). */
    Map<String, Long> peakMemoryBytes() {
        return perService(DockerCli::peakMemoryBytes);
    }

    /** Per compose service, its container's hard memory limit; 0 for none. */
    Map<String, Long> memoryLimitBytes() {
        return perService(id -> Long.parseLong(inspect(id, "{{.HostConfig.Memory}}")));
    }

    /**
     * Forgets the high-water marks so far: in the api and worker containers they hold the Maven build that runs
     * before the service. Only cgroup v1 allows it (from the host, as root, with the engine on this machine);
     * cgroup v2's memory.peak cannot be reset for other readers. Returns whether every container's was reset.
     */
    boolean resetPeakMemory() {
        boolean reset = true;
        for (String id : containers.values()) {
            reset &= hostMemoryCgroup(id).map(ComposeStack::resetHighWaterMark).orElse(false);
        }
        return reset;
    }

    /** Removes the stack's containers, networks and volumes, and fails if any is left. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        down();
        LoopbackCompose.delete(composeFile);
        closed = true;
        // Only now: if down failed, the hook tries again at exit.
        try {
            Runtime.getRuntime().removeShutdownHook(closeAtExit);
        } catch (IllegalStateException shuttingDown) {
            // This is the hook running.
        }
    }

    /**
     * On Ctrl-C or kill during a run: stops this stack's compose command in flight first, which would otherwise
     * go on creating what down removes.
     */
    private void closeAtExit() {
        ProcessHandle.current().children()
                .filter(child -> child.info().arguments().map(arguments -> Arrays.asList(arguments).contains(PROJECT))
                        .orElse(false))
                .forEach(child -> {
                    child.destroy();
                    child.onExit().completeOnTimeout(child, DOWN_TIMEOUT.toSeconds(), TimeUnit.SECONDS).join();
                });
        close();
    }

    private static Setup setup() {
        if (!DockerCli.succeeds(List.of("docker", "info"))) {
            return Setup.unavailable("no Docker engine answers (docker info fails); .ci/docker.sh starts one");
        }
        List<String> compose = DockerCli.composeCommand();
        if (!DockerCli.succeeds(concat(compose, List.of("version")))) {
            return Setup.unavailable("neither docker compose nor docker-compose is installed");
        }
        List<String> absent = baseImages(LoopbackCompose.config(compose, PROJECT, List.of(COMPOSE_FILE))).stream()
                .filter(image -> !imagePresent(image)).toList();
        if (absent.isEmpty()) {
            return new Setup(compose, List.of(COMPOSE_FILE), null);
        }
        List<String> absentStandIns = new TreeSet<>(RepoPaths.standIns().values()).stream()
                .filter(image -> !imagePresent(image)).toList();
        if (absentStandIns.isEmpty()) {
            return new Setup(compose, List.of(COMPOSE_FILE, RepoPaths.COMPOSE_STAND_INS), null);
        }
        return Setup.unavailable("the base images " + absent + " are not on this machine (the benchmark pulls "
                + "nothing) and neither are the stand-ins " + absentStandIns + " (.ci/docker.sh builds them)");
    }

    // Built apart from up, so that the build's time is not taken for start-up.
    private void start(Instant deadline, Duration timeout) {
        Instant building = Instant.now();
        compose(remaining(deadline, timeout), "build");
        buildTime = Duration.between(building, Instant.now());
        Instant starting = Instant.now();
        compose(remaining(deadline, timeout), "up", "-d", "--no-build");
        containers = containersByService();
        routerUrl = publishedRouter(containers.get(ROUTER));
        awaitReady(deadline, timeout);
        startToReady = Duration.between(starting, Instant.now());
    }

    private void awaitReady(Instant deadline, Duration timeout) {
        ApiClient router = new ApiClient(routerUrl.resolve("/api/"));
        boolean ready = Await.until(remaining(deadline, timeout), POLL, () -> {
            Map<String, String> notReady = notReady();
            if (notReady.values().stream().anyMatch(state -> state.startsWith("exited") || state.startsWith("dead"))) {
                throw new IllegalStateException("a container stopped: " + notReady);
            }
            return notReady.isEmpty() && router.get("values/current").status() == 200;
        });
        if (!ready) {
            throw new IllegalStateException("not ready within " + timeout + ": " + notReady()
                    + ", router GET /api/values/current: " + router.get("values/current").status());
        }
    }

    /** Service → state, for containers not running or, where they have a health check, not healthy. */
    private Map<String, String> notReady() {
        List<String> command = new ArrayList<>(List.of("docker", "inspect", "-f",
                "{{index .Config.Labels \"com.docker.compose.service\"}} {{.State.Status}}"
                        + "{{if .State.Health}} {{.State.Health.Status}}{{end}}"));
        command.addAll(containers.values());
        Map<String, String> notReady = new TreeMap<>();
        for (String line : DockerCli.standardOutput(command, COMMAND_TIMEOUT).strip().split("\n")) {
            String[] fields = line.split(" ", 2);
            if (!fields[1].equals("running") && !fields[1].equals("running healthy")) {
                notReady.put(fields[0], fields[1]);
            }
        }
        return notReady;
    }

    private Map<String, String> containersByService() {
        Map<String, String> byService = new TreeMap<>();
        String listing = DockerCli.standardOutput(List.of("docker", "ps", "-a", "--no-trunc", "--filter", PROJECT_FILTER,
                "--format", "{{.Label \"com.docker.compose.service\"}} {{.ID}}"), COMMAND_TIMEOUT);
        listing.lines().map(line -> line.split(" ", 2)).forEach(fields -> byService.put(fields[0], fields[1]));
        if (!byService.keySet().equals(services)) {
            throw new IllegalStateException("compose started " + byService.keySet() + ", the file has " + services);
        }
        return byService;
    }

    /** Where the router's one published port answers; checks that the engine bound it to loopback only. */
    private static URI publishedRouter(String containerId) {
        List<String> published = DockerCli.standardOutput(List.of("docker", "port", containerId), COMMAND_TIMEOUT)
                .lines().map(line -> line.substring(line.indexOf("-> ") + 3)).toList();
        if (published.size() != 1 || !published.get(0).startsWith(LoopbackCompose.LOOPBACK + ":")) {
            throw new IllegalStateException("the router should publish one port on " + LoopbackCompose.LOOPBACK
                    + ", it publishes " + published);
        }
        return URI.create("http://" + published.get(0) + "/");
    }

    private void down() {
        compose(DOWN_TIMEOUT, "down", "--volumes", "--remove-orphans", "--timeout", "10");
        List<String> left = new ArrayList<>();
        Map.of("container", List.of("docker", "container", "ls", "-a", "-q", "--filter", PROJECT_FILTER),
                "network", List.of("docker", "network", "ls", "-q", "--filter", PROJECT_FILTER),
                "volume", List.of("docker", "volume", "ls", "-q", "--filter", PROJECT_FILTER))
                .forEach((kind, listing) -> DockerCli.standardOutput(listing, COMMAND_TIMEOUT).lines()
                        .forEach(id -> left.add(kind + " " + id)));
        if (!left.isEmpty()) {
            throw new IllegalStateException("compose down left " + left + " of project " + PROJECT);
        }
    }

    private String logs() {
        try {
            return compose(COMMAND_TIMEOUT, "logs", "--no-color", "--tail", "30");
        } catch (RuntimeException | Error e) {
            return "(none: " + e.getMessage() + ")";
        }
    }

    private String compose(Duration timeout, String... arguments) {
        List<String> command = concat(compose, List.of("-p", PROJECT, "-f", composeFile.toString()));
        return DockerCli.run(concat(command, List.of(arguments)), Map.of(), timeout);
    }

    private Map<String, Long> perService(Function<String, Long> measure) {
        Map<String, Long> values = new TreeMap<>();
        containers.forEach((service, id) -> values.put(service, measure.apply(id)));
        return values;
    }

    /** The images the stack needs: those of the services that do not build, the bases of those that do. */
    private static Set<String> baseImages(Map<String, Object> config) {
        Set<String> images = new TreeSet<>();
        LoopbackCompose.services(config).values().forEach(service -> {
            if (service.get("build") instanceof Map<?, ?> build) {
                Path dockerfile = Path.of(String.valueOf(build.get("context")))
                        .resolve(Objects.toString(build.get("dockerfile"), "Dockerfile"));
                images.addAll(fromImages(dockerfile, build.get("args") instanceof Map<?, ?> args ? args : Map.of()));
            } else {
                images.add(String.valueOf(service.get("image")));
            }
        });
        return images;
    }

    /** The images a Dockerfile builds FROM, its build arguments (else ARG defaults) substituted; stages left out. */
    private static List<String> fromImages(Path dockerfile, Map<?, ?> buildArguments) {
        Map<String, String> arguments = new HashMap<>();
        buildArguments.forEach((name, value) -> arguments.put(name.toString(), String.valueOf(value)));
        Set<String> stages = new HashSet<>(Set.of("scratch"));
        List<String> images = new ArrayList<>();
        try {
            for (String line : Files.readAllLines(dockerfile)) {
                Matcher arg = ARG.matcher(line);
                Matcher from = FROM.matcher(line);
                if (arg.matches()) {
                    arguments.putIfAbsent(arg.group(1), arg.group(2));
                } else if (from.matches()) {
                    String image = VARIABLE.matcher(from.group(1))
                            .replaceAll(variable -> Matcher.quoteReplacement(arguments.getOrDefault(variable.group(1), "")));
                    if (!stages.contains(image)) {
                        images.add(image);
                    }
                    if (from.group(2) != null) {
                        stages.add(from.group(2));
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return images;
    }

    private static boolean imagePresent(String image) {
        return DockerCli.succeeds(List.of("docker", "image", "inspect", image));
    }

    /** The container's memory cgroup folder as this host sees it, where the engine runs here on cgroup v1. */
    private static Optional<Path> hostMemoryCgroup(String containerId) {
        Path processCgroups = Path.of("/proc", inspect(containerId, "{{.State.Pid}}"), "cgroup");
        try {
            if (!Files.isReadable(processCgroups)) {
                return Optional.empty();
            }
            // Lines are hierarchy:controllers:path. The id check rules out a process of another host's engine.
            return Files.readAllLines(processCgroups).stream()
                    .map(line -> line.split(":", 3))
                    .filter(fields -> fields.length == 3 && Arrays.asList(fields[1].split(",")).contains("memory"))
                    .map(fields -> fields[2])
                    .filter(path -> path.contains(containerId))
                    .map(path -> Path.of("/sys/fs/cgroup/memory", path))
                    .filter(Files::isDirectory)
                    .findFirst();
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    private static boolean resetHighWaterMark(Path memoryCgroup) {
        try {
            Files.writeString(memoryCgroup.resolve("memory.max_usage_in_bytes"), "0");
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static String inspect(String containerId, String format) {
        return DockerCli.standardOutput(List.of("docker", "inspect", "-f", format, containerId), COMMAND_TIMEOUT).strip();
    }

    private static Duration remaining(Instant deadline, Duration timeout) {
        Duration left = Duration.between(Instant.now(), deadline);
        if (left.isNegative() || left.isZero()) {
            throw new IllegalStateException("out of time (" + timeout + ")");
        }
        return left;
    }

    private static List<String> concat(List<String> first, List<String> second) {
        return Stream.concat(first.stream(), second.stream()).toList();
    }

}
