package dev.multidocker.deploy.validate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/**
 * docker-compose.yml as docker-compose itself resolves it: the course's six services start by default, the
 * collector, Prometheus and Zipkin only with {@code --profile observability}, and the services export no
 * trace unless OTEL_TRACES_EXPORTER is set.
 */
class ComposeObservabilityProfileTest {
    private static final Set<String> COURSE = Set.of("postgres", "redis", "api", "worker", "client", "nginx");
    private static final Set<String> OBSERVABILITY = Set.of("otel-collector", "prometheus", "zipkin");

    @Test
    void theObservabilityServicesStartOnlyWithTheirProfile() throws Exception {
        Map<String, Map<String, Object>> services = servicesOf(composeConfig());
        Map<String, Set<String>> byProfile = new TreeMap<>();
        services.forEach((name, service) -> byProfile.computeIfAbsent(
            String.valueOf(service.getOrDefault("profiles", "(default)")), p -> new TreeSet<>()).add(name));
        assertThat(byProfile).isEqualTo(Map.of("(default)", new TreeSet<>(COURSE), "[observability]", new TreeSet<>(OBSERVABILITY)));
        for (String exporter : Set.of("api", "worker")) {
            assertThat(environment(services.get(exporter)).get("OTEL_TRACES_EXPORTER")).as(exporter).isEqualTo("none");
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> environment(Map<String, Object> service) {
        return (Map<String, Object>) service.get("environment");
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Map<String, Object>> servicesOf(String config) {
        return (Map<String, Map<String, Object>>) new Yaml().<Map<String, Object>>load(config).get("services");
    }

    private static String composeConfig() throws IOException, InterruptedException {
        Process process;
        try {
            ProcessBuilder builder = new ProcessBuilder("docker-compose", "config").directory(ProjectFixture.REPO.toFile())
                .redirectErrorStream(true);
            builder.environment().remove("OTEL_TRACES_EXPORTER");
            process = builder.start();
        } catch (IOException e) {
            assumeTrue(false, "docker-compose is not installed: " + e.getMessage());
            throw e;
        }
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assumeTrue(process.waitFor(60, TimeUnit.SECONDS), "docker-compose config did not finish");
        assertThat(process.exitValue()).as(output).isZero();
        return output;
    }
}
