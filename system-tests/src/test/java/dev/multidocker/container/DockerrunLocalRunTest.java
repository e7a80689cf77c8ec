package dev.multidocker.container;

import dev.multidocker.fixtures.Await;
import dev.multidocker.fixtures.RepoLayout;
import dev.multidocker.fixtures.stack.ApiClient;
import dev.multidocker.fixtures.tracing.ReceivedSpan;
import org.junit.jupiter.api.Test;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.testcontainers.containers.GenericContainer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Predicate;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Dockerrun.aws.json as Elastic Beanstalk's multi-container platform runs it (links, hostnames, memory,
 * port mapping, essential container), on the images built from the project's Dockerfiles and run under
 * Fargate's rules ({@link FargateRun}): the app answers through the router's mapped port, every container
 * runs as a user other than root, and a POST's spans reach the collector's container ({@link CollectorStandIn}
 * in place of AWS's image).
 */
class DockerrunLocalRunTest {

    private static final Duration STARTUP = Duration.ofMinutes(2);
    /** The exporters send a batch every 5 s by default (OTEL_BSP_SCHEDULE_DELAY). */
    private static final Duration EXPORT_TIMEOUT = Duration.ofSeconds(30);
    private static final List<String> CONTAINERS = List.of("client", "server", "worker", "nginx", "otel-collector");
    private static final String COLLECTOR_IMAGE = "aws-otel-collector";
    /** The worker's readiness, asked from inside its container: its health port is not mapped. */
    private static final String WORKER_READY = "exec 3<>/dev/tcp/127.0.0.1/5001 && printf 'GET /health/readiness HTTP/1.0\\r\\n\\r\\n' >&3"
            + " && head -n1 <&3 | grep -q ' 200 '";

    /**
     * The aws/ecs task definition of each Dockerrun container: Fargate runs its health check inside the same image,
     * so the command may use only what that image has (the Java images have no curl, the nginx ones no bash).
     */
    private static final Map<String, String> TASK_DEFINITIONS =
            Map.of("client", "client.json", "server", "api.json", "worker", "worker.json", "nginx", "nginx.json");

    @Test
    void theAppAnswersThroughTheEssentialRouterAsNonRootUnderFargatesRules() {
        DockerHost.assumeAvailable();
        try (StandInStores stores = new StandInStores();
             DockerrunLocalRun run = DockerrunLocalRun.start(RepoLayout.root().resolve("Dockerrun.aws.json"),
                     DockerrunLocalRunTest::localContainer, stores.environment())) {
            DockerrunLocalRun.Definition router = run.definition("nginx");
            assertThat(router.essential()).as("nginx is the essential container").isTrue();
            assertThat(router.containerPorts()).hasSize(1);
            URI site = run.url("nginx", router.containerPorts().get(0));
            ApiClient api = new ApiClient(site.resolve("api/"));

            api.awaitStatus("values/all", 200, STARTUP);
            assertThat(api.submit(12).status()).isEqualTo(200);

            assertThat(api.awaitValue(12, STARTUP)).isEqualTo("233");
            assertSpansReachedTheCollector(run.container("otel-collector"));
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
            TASK_DEFINITIONS.forEach((container, file) -> assertThat(exitCode(run.container(container), healthCheck(file)))
                    .as("the health check of aws/ecs/" + file + " run inside the " + container + " image")
                    .isZero());
        }
    }

    /**
     * The POST's route in the api's spans and its computation in the worker's, under the service names the
     * Dockerrun file gives them: both containers export, through their link, to the collector's port.
     */
    private static void assertSpansReachedTheCollector(GenericContainer<?> collector) {
        Predicate<List<ReceivedSpan>> complete = received -> exported(received, "multi-server", "POST /values")
                && exported(received, "multi-worker", "fib compute");
        List<ReceivedSpan> spans = CollectorStandIn.spansOnce(collector, EXPORT_TIMEOUT, complete);
        assertThat(complete.test(spans)).as("spans of the POST and its computation at the collector within "
                + EXPORT_TIMEOUT + "; received (service, name: count) " + spans.stream().collect(
                        Collectors.groupingBy(span -> span.service() + ", " + span.name(), TreeMap::new,
                                Collectors.counting()))).isTrue();
        assertThat(spans).filteredOn(span -> span.name().equals("insert process"))
                .anySatisfy(span -> assertThat(span.attributes()).containsEntry("fib.index", "12"));
    }

    private static boolean exported(List<ReceivedSpan> spans, String service, String name) {
        return spans.stream().anyMatch(span -> span.service().equals(service) && span.name().equals(name));
    }

    /** The healthCheck command of a task definition as the container's argv: CMD as it is, CMD-SHELL through sh -c. */
    private static String[] healthCheck(String taskDefinition) {
        try {
            JsonNode command = new ObjectMapper().readTree(RepoLayout.root().resolve("aws/ecs").resolve(taskDefinition).toFile())
                    .path("containerDefinitions").get(0).path("healthCheck").path("command");
            List<String> words = new ArrayList<>();
            command.forEach(word -> words.add(word.asText()));
            assertThat(words).as("healthCheck of " + taskDefinition).isNotEmpty();
            List<String> argv = words.get(0).equals("CMD-SHELL")
                    ? List.of("sh", "-c", String.join(" ", words.subList(1, words.size())))
                    : words.subList(1, words.size());
            return argv.toArray(String[]::new);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void awaitReady(GenericContainer<?> worker) {
        // Each look is a docker exec.
        assertThat(Await.until(STARTUP, Duration.ofMillis(200), () -> answersReady(worker)))
                .as("worker ready within " + STARTUP).isTrue();
    }

    private static boolean answersReady(GenericContainer<?> worker) {
        return exitCode(worker, "bash", "-c", WORKER_READY) == 0;
    }

    private static int exitCode(GenericContainer<?> container, String... command) {
        try {
            return container.execInContainer(command).getExitCode();
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The container run here for a definition: the collector's stand-in, or the image CI builds. */
    private static GenericContainer<?> localContainer(DockerrunLocalRun.Definition definition) {
        if (definition.image().contains("/" + COLLECTOR_IMAGE + ":")) {
            return CollectorStandIn.container();
        }
        return new GenericContainer<>(localImage(definition.image()));
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
