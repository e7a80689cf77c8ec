package dev.multidocker.container;

import dev.multidocker.fixtures.docker.RepoPaths;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.images.ImagePullPolicy;
import org.testcontainers.utility.DockerImageName;

import java.time.Duration;
import java.util.Map;

/**
 * PostgreSQL and Redis for the services, on Docker's default bridge and reached by address, as RDS and
 * ElastiCache are reached through Elastic Beanstalk's environment properties.
 */
final class StandInStores implements AutoCloseable {

    /** Images exist only on this machine: never ask a registry. */
    static final ImagePullPolicy LOCAL_ONLY = image -> false;

    private static final String PASSWORD = "container-test-password";

    private final GenericContainer<?> postgres = LoopbackPorts.publishOnLoopback(
            new GenericContainer<>(DockerImageName.parse(RepoPaths.standIn("postgres")))
                    .withImagePullPolicy(LOCAL_ONLY)
                    .withEnv("POSTGRES_PASSWORD", PASSWORD)
                    .withExposedPorts(5432)
                    .waitingFor(Wait.forListeningPort().withStartupTimeout(Duration.ofMinutes(1))));
    private final GenericContainer<?> redis = LoopbackPorts.publishOnLoopback(
            new GenericContainer<>(DockerImageName.parse(RepoPaths.standIn("redis")))
                    .withImagePullPolicy(LOCAL_ONLY)
                    .withExposedPorts(6379)
                    .waitingFor(Wait.forListeningPort().withStartupTimeout(Duration.ofMinutes(1))));

    StandInStores() {
        postgres.start();
        redis.start();
    }

    /** The environment properties the services read (the course's names). */
    Map<String, String> environment() {
        return Map.of(
                "PGHOST", bridgeAddress(postgres), "PGPORT", "5432", "PGUSER", "postgres",
                "PGDATABASE", "postgres", "PGPASSWORD", PASSWORD,
                "REDIS_HOST", bridgeAddress(redis), "REDIS_PORT", "6379");
    }

    private static String bridgeAddress(GenericContainer<?> container) {
        return container.getContainerInfo().getNetworkSettings().getIpAddress();
    }

    @Override
    public void close() {
        redis.stop();
        postgres.stop();
    }
}
