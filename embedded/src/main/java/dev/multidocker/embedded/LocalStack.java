package dev.multidocker.embedded;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The whole back end on this machine: real PostgreSQL and Redis from embedded binaries, and the api-server
 * and worker jars as processes configured by the course's environment variables. Everything listens on
 * loopback ports picked at start.
 */
public final class LocalStack implements AutoCloseable {

    private final Path workDirectory;
    private final Path apiJar;
    private final Path workerJar;
    private final PostgresServer postgres;
    private final RedisServer redis;
    private final int apiPort;
    private final Map<String, String> environmentOverrides;
    private final List<ServiceProcess> services = new ArrayList<>();

    /**
     * @param workDirectory        holds the PostgreSQL data, the Redis data when {@code persistentRedis},
     *                             and the services' logs
     * @param environmentOverrides added to (or replacing) what {@link #serviceEnvironment()} gives the
     *                             services, for example {@code FIB_MAX_INDEX}
     */
    public LocalStack(Path workDirectory, Path apiJar, Path workerJar, int apiPort, boolean persistentRedis,
                      Map<String, String> environmentOverrides) {
        this.workDirectory = workDirectory;
        this.apiJar = apiJar;
        this.workerJar = workerJar;
        this.apiPort = apiPort;
        this.environmentOverrides = Map.copyOf(environmentOverrides);
        this.postgres = new PostgresServer(workDirectory.resolve("postgres"), FreePort.pick());
        this.redis = new RedisServer(FreePort.pick(),
                persistentRedis ? Optional.of(workDirectory.resolve("redis")) : Optional.empty());
    }

    public PostgresServer postgres() {
        return postgres;
    }

    public RedisServer redis() {
        return redis;
    }

    /** The environment a container of this stack would get (docs/contract.md). */
    public Map<String, String> serviceEnvironment() {
        Map<String, String> environment = new HashMap<>(Map.of(
                "PGHOST", "127.0.0.1",
                "PGPORT", Integer.toString(postgres.port()),
                "PGUSER", PostgresServer.USER,
                "PGDATABASE", PostgresServer.DATABASE,
                "PGPASSWORD", "",
                "REDIS_HOST", "127.0.0.1",
                "REDIS_PORT", Integer.toString(redis.port())));
        environment.putAll(environmentOverrides);
        return environment;
    }

    public ServiceProcess startApi() {
        return startService("api-server", apiJar, apiPort);
    }

    /** Another api replica, on a port of its own, as a second task behind the load balancer. */
    public ServiceProcess startApiReplica() {
        return startService("api-server", apiJar, FreePort.pick());
    }

    /** Another worker replica, with a health port of its own. */
    public ServiceProcess startWorker() {
        return startService("worker", workerJar, FreePort.pick());
    }

    private ServiceProcess startService(String name, Path jar, int port) {
        ServiceProcess service = ServiceProcess.start(name, jar, port, serviceEnvironment(),
                workDirectory.resolve("logs").resolve(name + "-" + port + ".log"));
        synchronized (services) {
            services.add(service);
        }
        return service;
    }

    @Override
    public void close() {
        synchronized (services) {
            services.forEach(ServiceProcess::close);
        }
        redis.close();
        postgres.close();
    }
}
