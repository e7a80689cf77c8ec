package dev.multidocker.container;

import dev.multidocker.fixtures.docker.DockerCli;
import dev.multidocker.fixtures.stack.ApiClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.utility.DockerImageName;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The API and the worker images under the course's hard limit of 128 MiB (Dockerrun "memory": 128) take a
 * burst of requests and messages without being killed by the kernel. The peak is printed for the notes.
 */
class MemoryLimitTest {

    private static final long LIMIT_MIB = 128;
    private static final int MAX_INDEX = 40;
    private static final int REQUESTS = 1500;
    private static final int CLIENTS = 8;

    private static StandInStores stores;
    private static GenericContainer<?> server;
    private static GenericContainer<?> worker;

    @BeforeAll
    static void startLimitedServices() {
        DockerHost.assumeAvailable();
        stores = new StandInStores();
        server = limitedService(ProjectImage.SERVER, 5000);
        worker = limitedService(ProjectImage.WORKER, 5001);
        server.start();
        worker.start();
    }

    @AfterAll
    static void stopAll() {
        for (AutoCloseable resource : new AutoCloseable[] {worker, server, stores}) {
            if (resource != null) {
                try {
                    resource.close();
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }
        }
    }

    @Test
    void apiAndWorkerSurviveABurstOfLoadInside128MiB() throws Exception {
        ApiClient api = new ApiClient(URI.create("http://127.0.0.1:" + server.getMappedPort(5000) + "/"));

        List<Integer> statuses = burst(api);

        assertThat(statuses).as("answers to the burst").containsOnly(200);
        for (int index = 0; index <= MAX_INDEX; index++) {
            assertThat(api.awaitValue(index, Duration.ofSeconds(60))).as("fib(%d)", index).isNotBlank();
        }
        assertThat(api.awaitValue(MAX_INDEX, Duration.ofSeconds(1))).isEqualTo("165580141");
        for (GenericContainer<?> service : List.of(server, worker)) {
            String name = service.getDockerImageName();
            long peak = DockerCli.peakMemoryBytes(service.getContainerId());
            System.out.printf("peak memory of %s under load: %.1f MiB (hard limit %d MiB)%n",
                    name, peak / (double) ContainerMemory.MIB, LIMIT_MIB);
            assertThat(ContainerMemory.limitBytes(service.getContainerId())).isEqualTo(LIMIT_MIB * ContainerMemory.MIB);
            assertThat(ContainerMemory.oomKilled(service.getContainerId())).as(name + " OOM-killed").isFalse();
            assertThat(service.isRunning()).as(name + " still running").isTrue();
            assertThat(FargateRun.mainProcessUid(service)).as("user id of " + name).isNotZero();
        }
    }

    /** Submits indexes 0..40 over and over and reads the lists, from several clients at once. */
    private static List<Integer> burst(ApiClient api) throws Exception {
        ExecutorService clients = Executors.newFixedThreadPool(CLIENTS);
        try {
            List<Future<Integer>> answers = new ArrayList<>();
            for (int request = 0; request < REQUESTS; request++) {
                int index = request % (MAX_INDEX + 1);
                answers.add(clients.submit(() -> api.submit(index).status()));
                answers.add(clients.submit(() -> api.get("values/current").status()));
            }
            List<Integer> statuses = new ArrayList<>();
            for (Future<Integer> answer : answers) {
                statuses.add(answer.get(2, TimeUnit.MINUTES));
            }
            return statuses;
        } finally {
            clients.shutdownNow();
        }
    }

    private static GenericContainer<?> limitedService(ProjectImage image, int port) {
        GenericContainer<?> container = new GenericContainer<>(DockerImageName.parse(image.tag()))
                .withImagePullPolicy(StandInStores.LOCAL_ONLY)
                .withEnv(stores.environment())
                .withExposedPorts(port)
                .waitingFor(Wait.forHttp("/health/readiness").forStatusCode(200).withStartupTimeout(Duration.ofMinutes(2)));
        ContainerMemory.limit(container, LIMIT_MIB);
        FargateRun.options(container);
        return LoopbackPorts.publishOnLoopback(container);
    }
}
