package dev.multidocker.embedded;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One service (api-server or worker) run from its built jar as a process of its own, the way a container
 * runs it: configured only by environment variables, stopped with SIGTERM, or killed.
 */
public final class ServiceProcess implements AutoCloseable {

    /**
     * glibc gives each thread that allocates its own malloc arena, which a JVM in its container's 160 MiB cannot afford;
     * the images set the same.
     */
    public static final Map<String, String> MEMORY_ENVIRONMENT = Map.of("MALLOC_ARENA_MAX", "2");

    private static final Duration STOP_GRACE = Duration.ofSeconds(20);
    private static final Duration CACHE_CHECK_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration POLL = Duration.ofMillis(50);
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();

    private final String name;
    private final int port;
    private final Path log;
    private final Process process;
    private final Instant started;

    private ServiceProcess(String name, int port, Path log, Process process, Instant started) {
        this.name = name;
        this.port = port;
        this.log = log;
        this.process = process;
        this.started = started;
    }

    /**
     * @param port the service's HTTP port ({@code MICRONAUT_SERVER_PORT}): the API's, or the worker's health
     * @param log  where the process's output goes, appended to across restarts
     */
    public static ServiceProcess start(String name, Path jar, int port, Map<String, String> environment,
                                       Path log) {
        return start(Jdk.running(), name, jar, port, environment, log);
    }

    /** The JDK a service runs on: its home, and its feature release (the ahead-of-time cache is JDK 25's). */
    record Jdk(Path home, int feature) {

        static Jdk running() {
            return new Jdk(Path.of(System.getProperty("java.home")), Runtime.version().feature());
        }

        String java() {
            return home.resolve("bin").resolve("java").toString();
        }
    }

    static ServiceProcess start(Jdk jdk, String name, Path jar, int port, Map<String, String> environment,
                                Path log) {
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(jar + " does not exist: build it first with mvn package");
        }
        // One path for the jar however callers name it: the JVM checks an archive against the class path it was
        // made with.
        Path realJar = realPath(jar);
        List<String> command = new ArrayList<>();
        command.add(jdk.java());
        // The flags the images use (jvm.options, copied next to the jar by the build), so that what runs
        // here is what runs in the containers.
        Path jvmOptions = realJar.resolveSibling("jvm.options");
        if (Files.isRegularFile(jvmOptions)) {
            command.add("@" + jvmOptions);
        }
        if (jdk.feature() >= 25) {
            command.addAll(aheadOfTimeCache(command, realJar));
        }
        command.addAll(List.of("-jar", realJar.toString()));
        ProcessBuilder builder = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        builder.environment().putAll(MEMORY_ENVIRONMENT);
        builder.environment().putAll(environment);
        builder.environment().put("MICRONAUT_SERVER_PORT", Integer.toString(port));
        try {
            Files.createDirectories(log.getParent());
            Instant started = Instant.now();
            return new ServiceProcess(name, port, log, builder.start(), started);
        } catch (IOException e) {
            throw new UncheckedIOException("could not start " + name, e);
        }
    }

    public String name() {
        return name;
    }

    public URI url(String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }

    public long pid() {
        return process.pid();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    public Path log() {
        return log;
    }

    /** The status of {@code /health/readiness} now, or 0 when nothing answers. */
    public int readinessStatus() {
        try {
            return HTTP.send(HttpRequest.newBuilder(url("/health/readiness")).timeout(Duration.ofSeconds(5)).build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            return 0;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 0;
        }
    }

    /** Waits until readiness answers 200; returns how long after the process started that was. */
    public Duration awaitReady(Duration timeout) {
        Instant deadline = Instant.now().plus(timeout);
        while (readinessStatus() != 200) {
            if (!process.isAlive()) {
                throw new IllegalStateException(name + " exited with " + process.exitValue() + "; see " + log);
            }
            if (Instant.now().isAfter(deadline)) {
                throw new IllegalStateException(name + " not ready within " + timeout + "; see " + log);
            }
            pause();
        }
        return Duration.between(started, Instant.now());
    }

    /** Resident memory of the process now, from /proc. */
    public long residentKiB() {
        return procStatusKiB("VmRSS:");
    }

    /** The most resident memory the process has had since it started (its high-water mark), from /proc. */
    public long peakResidentKiB() {
        return procStatusKiB("VmHWM:");
    }

    private long procStatusKiB(String field) {
        try {
            return Files.readAllLines(Path.of("/proc", Long.toString(process.pid()), "status")).stream()
                    .filter(line -> line.startsWith(field))
                    .mapToLong(line -> Long.parseLong(line.replaceAll("[^0-9]", "")))
                    .findFirst().orElseThrow();
        } catch (IOException e) {
            throw new UncheckedIOException("no /proc entry for " + name, e);
        }
    }

    /**
     * SIGTERM, as {@code docker stop} sends; returns the exit code. The first stop after a build also writes
     * the ahead-of-time cache that later starts use (on JDK 25, the JVM then takes up to ten seconds longer to exit).
     */
    public int stop() {
        process.destroy();
        try {
            if (!process.waitFor(STOP_GRACE.toSeconds(), TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor();
            }
            return process.exitValue();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
            return -1;
        }
    }

    /** SIGKILL: the process gets no chance to finish anything. */
    public void kill() {
        try {
            process.destroyForcibly().waitFor();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            stop();
        }
    }

    /**
     * The JDK's ahead-of-time cache (JDK 25 and later; older JDKs start the services without one): a start maps the
     * classes from the cache next to the jar, parsed, verified and linked by an earlier run, with the profiles of
     * the methods that run ran. Where there is none, the jar was rebuilt since, or this JDK cannot use it, this run
     * is the training run and the JVM writes the cache as it stops.
     */
    private static List<String> aheadOfTimeCache(List<String> jvm, Path jar) {
        Path cache = jar.resolveSibling(jar.getFileName().toString().replaceFirst("\\.jar$", "") + ".aot");
        List<String> flags = new ArrayList<>(List.of("-Xlog:aot*=off", "-Xlog:cds*=off"));
        if (usable(jvm, cache, jar)) {
            flags.add("-XX:AOTCache=" + cache);
            return flags;
        }
        try {
            Files.deleteIfExists(cache);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot remove " + cache + ", which this JDK cannot use", e);
        }
        // Writing the cache needs more class space than the 64 MiB metaspace of jvm.options gives; using it does not.
        flags.addAll(List.of("-XX:MaxMetaspaceSize=128m", "-XX:AOTCacheOutput=" + cache));
        return flags;
    }

    /**
     * A cache newer than the jar that this JVM, with these flags, maps ({@code -XX:AOTMode=on} fails otherwise).
     * A start given a cache it cannot use (made by another JDK build, under another class path, or cut short by a
     * kill while the JVM wrote it) runs without it, its warnings off here, and so would every later start, seconds
     * slower.
     */
    static boolean usable(List<String> jvm, Path cache, Path jar) {
        try {
            if (!Files.isRegularFile(cache)
                    || Files.getLastModifiedTime(cache).compareTo(Files.getLastModifiedTime(jar)) <= 0) {
                return false;
            }
            List<String> check = new ArrayList<>(jvm);
            check.addAll(List.of("-XX:AOTMode=on", "-XX:AOTCache=" + cache, "-cp", jar.toString(), "-version"));
            Process java = new ProcessBuilder(check).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            if (!java.waitFor(CACHE_CHECK_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
                java.destroyForcibly();
                return false;
            }
            return java.exitValue() == 0;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot check " + cache + " against " + jar, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static Path realPath(Path jar) {
        try {
            return jar.toRealPath();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot resolve " + jar, e);
        }
    }

    private static void pause() {
        try {
            Thread.sleep(POLL.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting", e);
        }
    }
}
