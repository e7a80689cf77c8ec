package dev.multidocker.container;

import dev.multidocker.fixtures.Fibonacci;
import dev.multidocker.fixtures.docker.DockerCli;
import dev.multidocker.fixtures.stack.ApiClient;
import dev.multidocker.fixtures.tracing.ReceivedSpan;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.utility.DockerImageName;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.IntFunction;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The API and the worker images under their hard memory limit of 160 MiB (Dockerrun "memory", compose mem_limit),
 * with Fargate's rules and an empty page cache: a burst of requests and messages at the default limit, traced
 * and untraced, and the
 * whole hash of the largest limit the API accepts (20,001 values of up to 4,180 digits, about 40 MB) read by
 * several clients at once. Neither service may be killed by the kernel. The peaks are printed for the notes.
 *
 * <p>Why 160 and not the course's 128: a container is charged for the pages of the files it reads while no one
 * else holds them in the page cache, the ahead-of-time cache (77 MiB), the JVM's own archive (14 MiB) and libjvm
 * (16 MiB) among them. Beside the JVM's own memory (70-105 MiB) they do not fit in 128 MiB: the kernel evicts
 * them and reads them back without end, and the service crawls instead of failing (a start that printed its
 * banner and was not ready two minutes later). The page cache is emptied first so that this is the case tested.
 */
class MemoryLimitTest {

    private static final long LIMIT_MIB = 160;
    private static final int CLIENTS = 8;
    private static final int DEFAULT_MAX_INDEX = 40;

    private StandInStores stores;
    private GenericContainer<?> collector;
    private GenericContainer<?> server;
    private GenericContainer<?> worker;

    @AfterEach
    void stopAll() throws Exception {
        for (AutoCloseable resource : new AutoCloseable[] {worker, server, collector, stores}) {
            if (resource != null) {
                resource.close();
            }
        }
    }

    @Test
    void apiAndWorkerSurviveABurstOfLoadInsideTheirLimit() throws Exception {
        ApiClient api = startLimitedServices(DEFAULT_MAX_INDEX, Map.of());
        burst(api);
        assertWithinTheLimit("a burst at the default limit");
    }

    /**
     * The same burst with every request traced (the exporter's queue, the spans, Lettuce's tracing hook), as the
     * Dockerrun and Fargate files run the services: each exports to a collector beside it.
     */
    @Test
    void apiAndWorkerSurviveABurstOfLoadWithTracingOnInsideTheirLimit() throws Exception {
        DockerHost.assumeAvailable();
        collector = CollectorStandIn.container();
        collector.start();
        String endpoint = "http://" + collector.getContainerInfo().getNetworkSettings().getIpAddress() + ":4318";
        ApiClient api = startLimitedServices(DEFAULT_MAX_INDEX, Map.of("OTEL_TRACES_EXPORTER", "otlp",
                "OTEL_EXPORTER_OTLP_PROTOCOL", "http/protobuf", "OTEL_EXPORTER_OTLP_ENDPOINT", endpoint));
        burst(api);
        assertWithinTheLimit("a burst at the default limit, tracing on");
        List<ReceivedSpan> spans = CollectorStandIn.spansOnce(collector, Duration.ofSeconds(30),
                received -> received.stream().anyMatch(span -> span.name().equals("fib compute")));
        assertThat(spans).as("the worker's spans at the collector within 30 s")
                .anyMatch(span -> span.name().equals("fib compute"));
        assertThat(spans).as("the api's spans at the collector")
                .anyMatch(span -> span.name().equals("POST /values"));
    }

    /** 1,500 POSTs of 0..40 and as many reads of the hash from 8 clients; then every value is computed. */
    private static void burst(ApiClient api) throws Exception {
        List<Integer> statuses = atOnce(1500, request -> List.of(
                () -> api.submit(request % (DEFAULT_MAX_INDEX + 1)).status(),
                () -> api.get("values/current").status()));

        assertThat(statuses).as("answers to the burst").containsOnly(200);
        for (int index = 0; index <= DEFAULT_MAX_INDEX; index++) {
            assertThat(api.awaitValue(index, Duration.ofSeconds(60))).as("fib(%d)", index).isNotBlank();
        }
        assertThat(api.awaitValue(DEFAULT_MAX_INDEX, Duration.ofSeconds(1))).isEqualTo("165580141");
    }

    @Test
    void apiAndWorkerServeTheLargestLimitsWholeHashInsideTheirLimit() throws Exception {
        int maxIndex = 20_000;
        ApiClient api = startLimitedServices(maxIndex, Map.of());
        List<Integer> posted = atOnce(maxIndex + 1, index -> List.of(() -> api.submit(index).status()));
        assertThat(posted).as("answers to the POSTs").containsOnly(200);
        api.awaitValue(maxIndex, Duration.ofMinutes(2));

        Instant reading = Instant.now();
        List<Integer> reads = atOnce(CLIENTS, reader -> List.of(() -> {
            if (reader % 2 == 1) {
                return api.seen().size();
            }
            Map<String, String> current = api.current();
            for (int index : new int[] {0, 63, 64, 65, 4_096, maxIndex}) {
                assertThat(current.get(Integer.toString(index))).as("fib(%d)", index)
                        .isEqualTo(Fibonacci.of(index).toString());
            }
            return current.size();
        }));
        System.out.printf("%d clients read the whole hash and list of %d indexes at once in %d ms%n", CLIENTS,
                maxIndex + 1, Duration.between(reading, Instant.now()).toMillis());
        assertThat(reads).as("entries each client read").containsOnly(maxIndex + 1);
        assertWithinTheLimit("the whole hash at FIB_MAX_INDEX=" + maxIndex);
    }

    private ApiClient startLimitedServices(int maxIndex, Map<String, String> environment) throws IOException {
        DockerHost.assumeAvailable();
        stores = new StandInStores();
        dropPageCache();
        server = limitedService(ProjectImage.SERVER, 5000, maxIndex, environment);
        worker = limitedService(ProjectImage.WORKER, 5001, maxIndex, environment);
        server.start();
        worker.start();
        return new ApiClient(URI.create("http://127.0.0.1:" + server.getMappedPort(5000) + "/"));
    }

    private void assertWithinTheLimit(String load) {
        for (GenericContainer<?> service : List.of(server, worker)) {
            String name = service.getDockerImageName();
            long peak = DockerCli.peakMemoryBytes(service.getContainerId());
            long anonymousKiB = ContainerMemory.mainProcessAnonymousKiB(service.getContainerId());
            System.out.printf("%s: peak memory of %s %.1f MiB (hard limit %d MiB), its JVM's peak RSS %d MiB,"
                            + " its own (anonymous) memory %d MiB%n",
                    load, name, peak / (double) ContainerMemory.MIB, LIMIT_MIB,
                    ContainerMemory.mainProcessPeakResidentKiB(service.getContainerId()) / 1024, anonymousKiB / 1024);
            assertThat(ContainerMemory.limitBytes(service.getContainerId())).isEqualTo(LIMIT_MIB * ContainerMemory.MIB);
            assertThat(ContainerMemory.oomKilled(service.getContainerId())).as(name + " OOM-killed").isFalse();
            assertThat(service.isRunning()).as(name + " still running").isTrue();
            assertThat(FargateRun.mainProcessUid(service)).as("user id of " + name).isNotZero();
            // The ENTRYPOINT's -XX:AOTCache is used only if the JVM accepts it; otherwise it starts without.
            assertThat(ContainerMemory.mainProcessMappedFiles(service.getContainerId()))
                    .as("files mapped by the JVM of " + name).anyMatch(file -> file.matches("/app/[^/]+\\.aot"));
        }
    }

    /**
     * As on an instance whose page cache no longer holds the image's files (the kernel evicts them, or nothing
     * has read them since the pull): each container is charged for the pages of the files it reads, the JVM's
     * code and the ahead-of-time cache among them, and they must fit beside its own memory. Needs root, as CI
     * has; elsewhere the test runs with whatever the cache holds.
     */
    private static void dropPageCache() throws IOException {
        Path dropCaches = Path.of("/proc/sys/vm/drop_caches");
        if (Files.isWritable(dropCaches)) {
            Files.writeString(dropCaches, "3");
        }
    }

    /** Runs every call that {@code calls} makes of 0..count-1, from several clients at once, and returns their results. */
    private static List<Integer> atOnce(int count, IntFunction<List<Callable<Integer>>> calls)
            throws Exception {
        ExecutorService clients = Executors.newFixedThreadPool(CLIENTS);
        try {
            List<Future<Integer>> answers = new ArrayList<>();
            for (int call = 0; call < count; call++) {
                calls.apply(call).forEach(task -> answers.add(clients.submit(task)));
            }
            List<Integer> results = new ArrayList<>();
            for (Future<Integer> answer : answers) {
                results.add(answer.get(2, TimeUnit.MINUTES));
            }
            return results;
        } finally {
            clients.shutdownNow();
        }
    }

    private GenericContainer<?> limitedService(ProjectImage image, int port, int maxIndex,
                                               Map<String, String> environment) {
        GenericContainer<?> container = new GenericContainer<>(DockerImageName.parse(image.tag()))
                .withImagePullPolicy(StandInStores.LOCAL_ONLY)
                .withEnv(stores.environment())
                .withEnv(environment)
                .withEnv("FIB_MAX_INDEX", Integer.toString(maxIndex))
                .withExposedPorts(port)
                .waitingFor(Wait.forHttp("/health/readiness").forStatusCode(200).withStartupTimeout(Duration.ofMinutes(2)));
        ContainerMemory.limit(container, LIMIT_MIB);
        FargateRun.options(container);
        return LoopbackPorts.publishOnLoopback(container);
    }
}
