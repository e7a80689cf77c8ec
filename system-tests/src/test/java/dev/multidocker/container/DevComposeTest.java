package dev.multidocker.container;

import dev.multidocker.fixtures.docker.DockerCli;
import dev.multidocker.fixtures.docker.LoopbackCompose;
import dev.multidocker.fixtures.docker.RepoPaths;
import dev.multidocker.fixtures.stack.ApiClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The course's first command on the real docker-compose.yml: the stack is built from the development
 * Dockerfiles and used through the router on 127.0.0.1:3050. The override only swaps base images and the
 * postgres and redis images for the offline stand-ins; compose runs both from its rendering with the router
 * published on loopback only ({@link LoopbackCompose}).
 */
class DevComposeTest {

    private static final ApiClient API = new ApiClient(URI.create("http://127.0.0.1:3050/api/"));
    private static final Duration FIRST_START = Duration.ofMinutes(10);
    private static final Duration RESTART = Duration.ofMinutes(3);
    private static final Duration COMPUTED = Duration.ofSeconds(60);

    /** A fixed project name apart from a user's own stack: each run replaces the previous run's images. */
    private static final String PROJECT = "multidocker-devtest";
    private static Path composeFile;

    @BeforeAll
    static void composeUp() {
        DockerHost.assumeAvailable();
        composeFile = LoopbackCompose.write(LoopbackCompose.config(DockerCli.composeCommand(), PROJECT,
                List.of("docker-compose.yml", RepoPaths.COMPOSE_STAND_INS)));
        compose(Duration.ofMinutes(25), "up", "-d", "--build");
    }

    @AfterAll
    static void composeDown() {
        if (composeFile != null) {
            try {
                compose(Duration.ofMinutes(3), "down", "--volumes");
            } finally {
                LoopbackCompose.delete(composeFile);
            }
        }
    }

    @Test
    void theStackComputesSurvivesRestartsAndKeepsItsData() {
        API.awaitStatus("values/all", 200, FIRST_START);
        // The profile's services (collector, Prometheus, Zipkin) start only with --profile observability; their
        // images are not on this machine, so an up that started them would have had to pull.
        assertThat(DockerCli.standardOutput(List.of("docker", "ps", "--filter",
                "label=com.docker.compose.project=" + PROJECT, "--format", "{{.Label \"com.docker.compose.service\"}}"),
                Duration.ofSeconds(30)).lines())
                .as("containers of an up without a profile")
                .containsExactlyInAnyOrder("postgres", "redis", "api", "worker", "client", "nginx");
        assertThat(API.submit(7).status()).isEqualTo(200);
        assertThat(API.awaitValue(7, COMPUTED)).isEqualTo("21");

        compose(RESTART, "restart", "api");
        API.awaitStatus("values/all", 200, RESTART);
        assertThat(API.submit(8).status()).isEqualTo(200);
        assertThat(API.awaitValue(8, COMPUTED)).as("routed to the restarted api").isEqualTo("34");

        compose(RESTART, "stop", "worker");
        assertThat(API.submit(9).status()).isEqualTo(200);
        assertThat(API.current()).containsEntry("9", ApiClient.PENDING);
        compose(RESTART, "start", "worker");
        assertThat(API.awaitValue(9, RESTART)).as("computed once the worker is back").isEqualTo("55");

        compose(RESTART, "down");
        compose(FIRST_START, "up", "-d");
        API.awaitStatus("values/all", 200, FIRST_START);
        assertThat(API.seen()).as("indexes kept in the PostgreSQL volume").contains(7, 8, 9);
    }

    private static String compose(Duration timeout, String... arguments) {
        List<String> command = new ArrayList<>(DockerCli.composeCommand());
        command.addAll(List.of("-p", PROJECT, "-f", composeFile.toString()));
        command.addAll(List.of(arguments));
        return DockerCli.run(command, Map.of(), timeout);
    }
}
