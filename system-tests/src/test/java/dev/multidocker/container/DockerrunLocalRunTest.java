package dev.multidocker.container;

import dev.multidocker.system.ApiClient;
import org.junit.jupiter.api.Test;
import org.testcontainers.containers.Container;
import org.testcontainers.containers.GenericContainer;

import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.locks.LockSupport;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Dockerrun.aws.json as Elastic Beanstalk's multi-container platform runs it (links, hostnames, memory,
 * port mapping, essential container), on the images built from the project's Dockerfiles and run under
 * Fargate's rules ({@link FargateRun}): the app answers through the router's mapped port, and every container
 * runs as a user other than root.
 */
class DockerrunLocalRunTest {

    private static final Duration STARTUP = Duration.ofMinutes(2);
    private static final List<String> CONTAINERS = List.of("client", "server", "worker", "nginx");
    /** The worker's readiness, asked from inside its container: its health port is not mapped. */
    private static final String WORKER_READY = "exec 3<>/dev/tcp/127.0.0.1/5001 && printf 'GET /health/readiness HTTP/1.0\\r\\n\\r\\n' >&3"
            + " && head -n1 <&3 | grep -q ' 200 '";

    @Test
    void theAppAnswersThroughTheEssentialRouterAsNonRootUnderFargatesRules() {
        DockerHost.assumeAvailable();
        try (StandInStores stores = new StandInStores();
             DockerrunLocalRun run = DockerrunLocalRun.start(RepoPaths.root().resolve("Dockerrun.aws.json"),
                     DockerrunLocalRunTest::localImage, stores.environment())) {
            DockerrunLocalRun.Definition router = run.definition("nginx");
            assertThat(router.essential()).as("nginx is the essential container").isTrue();
            assertThat(router.containerPorts()).hasSize(1);
            URI site = run.url("nginx", router.containerPorts().get(0));
            ApiClient api = new ApiClient(site.resolve("api/"));

            api.awaitStatus("values/all", 200, STARTUP);
            assertThat(api.submit(12).status()).isEqualTo(200);

            assertThat(api.awaitValue(12, STARTUP)).isEqualTo("233");
            ApiClient.Response page = new ApiClient(site).get("");
            assertThat(page.status()).isEqualTo(200);
            assertThat(page.body()).contains("Fib Calculator");
            awaitReady(run.container("worker"));
            for (String name : CONTAINERS) {
                assertThat(FargateRun.mainProcessUid(run.container(name))).as("user id of " + name).isNotZero();
                assertThat(ContainerMemory.limitBytes(run.container(name).getContainerId()))
                        .as("hard memory limit of " + name)
                        .isEqualTo(run.definition(name).memoryMiB() * ContainerMemory.MIB);
            }
        }
    }

    private static void awaitReady(GenericContainer<?> worker) {
        Instant deadline = Instant.now().plus(STARTUP);
        while (!answersReady(worker)) {
            assertThat(Instant.now()).as("worker ready within " + STARTUP).isBefore(deadline);
            LockSupport.parkNanos(Duration.ofMillis(200).toNanos());
        }
    }

    private static boolean answersReady(GenericContainer<?> worker) {
        try {
            Container.ExecResult result = worker.execInContainer("bash", "-c", WORKER_READY);
            return result.getExitCode() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The image CI builds for a Dockerrun image name (docker-id/multi-server → the local multi-server). */
    private static String localImage(String dockerrunImage) {
        String repository = dockerrunImage.replaceAll(".*/", "").replaceAll(":.*", "");
        return Arrays.stream(ProjectImage.values())
                .filter(image -> image.repository().equals(repository))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no Dockerfile builds " + dockerrunImage))
                .tag();
    }
}
