package dev.multidocker.system;

import dev.multidocker.embedded.FreePort;
import dev.multidocker.embedded.LocalStack;
import dev.multidocker.embedded.ServiceProcess;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.sync.RedisCommands;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The built api-server and worker as processes on real PostgreSQL and Redis, for tests that run the system
 * whole and cause faults in it. Data and logs go to target/stack/&lt;test&gt;/.
 */
public final class AppStack implements AutoCloseable {

    public static final Duration READY_TIMEOUT = Duration.ofSeconds(60);
    public static final Duration VALUE_TIMEOUT = Duration.ofSeconds(30);

    private final Path workDirectory;
    private final LocalStack local;
    private final ApiClient api;
    private ServiceProcess apiProcess;
    private ServiceProcess worker;
    private RedisClient redisClient;

    private AppStack(Path workDirectory, LocalStack local, URI apiUrl) {
        this.workDirectory = workDirectory;
        this.local = local;
        this.api = new ApiClient(apiUrl);
    }

    /** Nothing started yet: the stores' ports and folders are fixed, so they can come up later. */
    public static AppStack notStarted(String testName) {
        return notStarted(testName, Map.of());
    }

    /** As {@link #notStarted(String)}, with environment variables added for the services. */
    public static AppStack notStarted(String testName, Map<String, String> serviceEnvironment) {
        Path work = Path.of("target", "stack", testName).toAbsolutePath();
        deleteRecursively(work);
        int apiPort = FreePort.pick();
        return new AppStack(work, new LocalStack(work, jar("api-server"), jar("worker"), apiPort, false,
                serviceEnvironment), URI.create("http://127.0.0.1:" + apiPort + "/"));
    }

    /** Stores, the API and one worker, all ready. */
    public static AppStack started(String testName) {
        AppStack stack = notStarted(testName);
        stack.local.postgres().start();
        stack.local.redis().start();
        stack.startApi().awaitReady(READY_TIMEOUT);
        stack.startWorker().awaitReady(READY_TIMEOUT);
        return stack;
    }

    private static Path jar(String module) {
        return Path.of(System.getProperty("multidocker." + module + ".jar",
                "../" + module + "/target/" + module + ".jar"));
    }

    public ServiceProcess startApi() {
        apiProcess = local.startApi();
        return apiProcess;
    }

    public ServiceProcess startWorker() {
        worker = local.startWorker();
        return worker;
    }

    public ApiClient api() {
        return api;
    }

    public ServiceProcess apiProcess() {
        return apiProcess;
    }

    public ServiceProcess worker() {
        return worker;
    }

    /** target/stack/&lt;test&gt;/: the stores' data and the services' logs. */
    public Path workDirectory() {
        return workDirectory;
    }

    public LocalStack local() {
        return local;
    }

    /** The test's own Redis connection, to look at or publish on what the services share. */
    public synchronized RedisCommands<String, String> redis() {
        if (redisClient == null) {
            redisClient = RedisClient.create("redis://127.0.0.1:" + local.redis().port());
        }
        return redisClient.connect().sync();
    }

    @Override
    public synchronized void close() {
        if (redisClient != null) {
            redisClient.shutdown();
        }
        local.close();
    }

    private static void deleteRecursively(Path directory) {
        if (!Files.exists(directory)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(directory)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
