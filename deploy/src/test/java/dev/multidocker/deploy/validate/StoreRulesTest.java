package dev.multidocker.deploy.validate;

import static dev.multidocker.deploy.validate.ProjectFixture.container;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.multidocker.deploy.CliRun;
import dev.multidocker.deploy.ExitCode;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** validate's rules on how the containers reach the stores: liveness-only health checks, TLS and AUTH to Redis, SSL to PostgreSQL. */
class StoreRulesTest {
    private static final String OPTION_SETTINGS = "aws/beanstalk/option-settings.json";

    @TempDir
    Path dir;

    private static void assertInvalid(ProjectFixture fixture, String... fragments) {
        CliRun run = CliRun.of("validate", "--dir", fixture.root().toString());
        assertThat(run.exitCode()).as(run.output()).isEqualTo(ExitCode.INVALID_INPUT);
        for (String fragment : fragments) {
            assertThat(run.output()).contains(fragment);
        }
    }

    private static void setVariable(ObjectNode container, String list, String name, String value) {
        for (JsonNode variable : container.withArray(list)) {
            if (variable.path("name").asText().equals(name)) {
                ((ObjectNode) variable).put(list.equals("secrets") ? "valueFrom" : "value", value);
                return;
            }
        }
        container.withArray(list).addObject().put("name", name).put(list.equals("secrets") ? "valueFrom" : "value", value);
    }

    private static void removeVariable(ObjectNode container, String list, String name) {
        ArrayNode variables = container.withArray(list);
        for (int i = variables.size() - 1; i >= 0; i--) {
            if (variables.get(i).path("name").asText().equals(name)) {
                variables.remove(i);
            }
        }
    }

    @Test
    void aTaskHealthCheckOnTheStoresIsRefused() {
        ProjectFixture fixture = ProjectFixture.copy(dir).editJson("aws/ecs/worker.json", tree -> container(tree, "worker")
            .withObject("/healthCheck").putArray("command").add("CMD-SHELL").add("curl -fs http://localhost:5001/health || exit 1"));
        assertInvalid(fixture, "aws/ecs/worker.json: container 'worker' field 'healthCheck.command': probes '/health', which"
            + " includes PostgreSQL and Redis");
    }

    @Test
    void aReadinessHealthCheckInDockerrunIsRefused() {
        ProjectFixture fixture = ProjectFixture.copy(dir).editJson("Dockerrun.aws.json", tree -> container(tree, "server")
            .withObject("/healthCheck").putArray("command").add("CMD-SHELL").add("curl -fs http://localhost:5000/health/readiness"));
        assertInvalid(fixture, "Dockerrun.aws.json: container 'server' field 'healthCheck.command': probes '/health/readiness'");
    }

    @Test
    void aStoresHealthCheckInTheProductionComposeFileIsRefused() {
        ProjectFixture fixture = ProjectFixture.copy(dir).replaceText("docker-compose.prod.yml",
            "    image: multidocker/multi-worker\n",
            "    image: multidocker/multi-worker\n    healthcheck:\n      test: [\"CMD\", \"curl\", \"-f\", \"http://localhost:5001/health\"]\n");
        assertInvalid(fixture, "docker-compose.prod.yml: container 'worker' field 'healthcheck.test': probes '/health'");
    }

    @Test
    void redisTlsFalseOnOneFargateServiceIsRefused() {
        ProjectFixture fixture = ProjectFixture.copy(dir)
            .editJson("aws/ecs/worker.json", tree -> setVariable(container(tree, "worker"), "environment", "REDIS_TLS", "false"));
        assertInvalid(fixture, "aws/ecs/worker.json: container 'worker' field 'environment.REDIS_TLS': must be \"true\" where"
            + " REDIS_HOST is set (the production Redis is ElastiCache with in-transit encryption and AUTH), found \"false\"");
    }

    @Test
    void redisTlsWithoutAPasswordSecretIsRefused() {
        ProjectFixture fixture = ProjectFixture.copy(dir)
            .editJson("aws/ecs/api.json", tree -> removeVariable(container(tree, "api"), "secrets", "REDIS_PASSWORD"));
        assertInvalid(fixture, "aws/ecs/api.json: container 'api' field 'secrets.REDIS_PASSWORD': missing where REDIS_HOST is set");
    }

    @Test
    void aFargateContainerWithoutPgSslModeRequireIsRefused() {
        ProjectFixture fixture = ProjectFixture.copy(dir)
            .editJson("aws/ecs/api.json", tree -> setVariable(container(tree, "api"), "environment", "PGSSLMODE", "prefer"));
        assertInvalid(fixture, "aws/ecs/api.json: container 'api' field 'environment.PGSSLMODE': must be require");
    }

    @Test
    void aProductionComposeServiceThatDropsRedisTlsIsRefused() {
        ProjectFixture fixture = ProjectFixture.copy(dir)
            .replaceText("docker-compose.prod.yml", "      - REDIS_TLS=${REDIS_TLS}\n      - REDIS_PASSWORD=${REDIS_PASSWORD}\n      - PGUSER=${PGUSER}\n      - PGHOST=${PGHOST}\n      - PGDATABASE=${PGDATABASE}\n      - PGPASSWORD=${PGPASSWORD}\n      - PGPORT=${PGPORT}\n      - PGSSLMODE=${PGSSLMODE}\n  nginx",
                "      - REDIS_TLS=false\n      - PGUSER=${PGUSER}\n      - PGHOST=${PGHOST}\n      - PGDATABASE=${PGDATABASE}\n      - PGPASSWORD=${PGPASSWORD}\n      - PGPORT=${PGPORT}\n  nginx");
        assertInvalid(fixture,
            "docker-compose.prod.yml: container 'worker' field 'environment.REDIS_TLS': must be passed through as ${REDIS_TLS} or be one of [true], found \"false\"",
            "docker-compose.prod.yml: container 'worker' field 'environment.REDIS_PASSWORD'",
            "docker-compose.prod.yml: container 'worker' field 'environment.PGSSLMODE'");
    }

    @Test
    void aDockerrunContainerOverridingRedisTlsIsRefused() {
        ProjectFixture fixture = ProjectFixture.copy(dir).editJson("Dockerrun.aws.json",
            tree -> setVariable(container(tree, "worker"), "environment", "REDIS_TLS", "false"));
        assertInvalid(fixture, "Dockerrun.aws.json: container 'worker' field 'environment.REDIS_TLS': overrides the environment"
            + " property with \"false\"");
    }

    @Test
    void beanstalkOptionSettingsWithoutRedisTlsOrWithAPasswordAreRefused() {
        ProjectFixture fixture = ProjectFixture.copy(dir)
            .replaceText(OPTION_SETTINGS, "\"OptionName\": \"REDIS_TLS\",\n    \"Value\": \"true\"", "\"OptionName\": \"REDIS_TLS\",\n    \"Value\": \"false\"")
            .replaceText(OPTION_SETTINGS, "\"OptionName\": \"PGSSLMODE\"", "\"OptionName\": \"PGPASSWORD\"");
        assertInvalid(fixture,
            OPTION_SETTINGS + ": field 'aws:elasticbeanstalk:application:environment.REDIS_TLS': must be \"true\"",
            OPTION_SETTINGS + ": field 'aws:elasticbeanstalk:application:environment.PGSSLMODE': must be require",
            OPTION_SETTINGS + ": field 'aws:elasticbeanstalk:application:environment.PGPASSWORD': a secret written into the repository");
    }
}
