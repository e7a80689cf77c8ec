package dev.multidocker.container;

import dev.multidocker.fixtures.docker.RepoPaths;
import dev.multidocker.fixtures.stack.ApiClient;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.time.Duration;
import java.util.Arrays;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Dockerrun.aws.json as Elastic Beanstalk's multi-container platform runs it (links, hostnames, memory,
 * port mapping, essential container), on the images built from the project's Dockerfiles: the app answers
 * through port 80 of the nginx container.
 */
class DockerrunLocalRunTest {

    private static final Duration STARTUP = Duration.ofMinutes(2);

    @Test
    void theAppAnswersThroughPort80OfTheEssentialRouter() {
        DockerHost.assumeAvailable();
        try (StandInStores stores = new StandInStores();
             DockerrunLocalRun run = DockerrunLocalRun.start(RepoPaths.root().resolve("Dockerrun.aws.json"),
                     DockerrunLocalRunTest::localImage, stores.environment())) {
            DockerrunLocalRun.Definition router = run.definition("nginx");
            assertThat(router.essential()).as("nginx is the essential container").isTrue();
            assertThat(router.containerPorts()).contains(80);
            URI site = run.url("nginx", 80);
            ApiClient api = new ApiClient(site.resolve("api/"));

            api.awaitStatus("values/all", 200, STARTUP);
            assertThat(api.submit(12).status()).isEqualTo(200);

            assertThat(api.awaitValue(12, STARTUP)).isEqualTo("233");
            ApiClient.Response page = new ApiClient(site).get("");
            assertThat(page.status()).isEqualTo(200);
            assertThat(page.body()).contains("Fib Calculator");
            for (String name : new String[] {"client", "server", "worker", "nginx"}) {
                assertThat(ContainerMemory.limitBytes(run.container(name).getContainerId()))
                        .as("hard memory limit of " + name)
                        .isEqualTo(run.definition(name).memoryMiB() * ContainerMemory.MIB);
            }
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
