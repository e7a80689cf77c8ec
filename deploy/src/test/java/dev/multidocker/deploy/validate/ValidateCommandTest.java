package dev.multidocker.deploy.validate;

import static dev.multidocker.deploy.validate.ProjectFixture.container;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.multidocker.deploy.CliRun;
import dev.multidocker.deploy.ExitCode;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ValidateCommandTest {
    @TempDir
    Path dir;

    private CliRun validate(ProjectFixture fixture) {
        return CliRun.of("validate", "--dir", fixture.root().toString());
    }

    private static void assertInvalid(CliRun run, String... expectedFragments) {
        assertThat(run.exitCode()).as(run.output()).isEqualTo(ExitCode.INVALID_INPUT);
        for (String fragment : expectedFragments) {
            assertThat(run.output()).contains(fragment);
        }
    }

    @Test
    void theRepositorysOwnFilesAreValid() {
        assumeTrue(Files.exists(ProjectFixture.REPO.resolve("nginx/default.conf")),
            "nginx/default.conf is not in the repository yet, so the cross-file check has nothing to read");
        CliRun run = CliRun.of("validate", "--dir", ProjectFixture.REPO.toString());
        assertThat(run.exitCode()).as(run.output()).isEqualTo(ExitCode.DEPLOYED);
        assertThat(run.output()).contains("nginx/default.conf");
    }

    @Test
    void aCopyOfTheFilesWithTheCourseNginxConfigIsValid() {
        CliRun run = validate(ProjectFixture.copy(dir));
        assertThat(run.exitCode()).as(run.output()).isEqualTo(ExitCode.DEPLOYED);
        assertThat(run.out()).as(run.output()).contains("SUCCEEDED: 9 files valid");
    }

    @Test
    void serverWithoutHostnameApiLeavesTheNginxUpstreamUnresolved() {
        ProjectFixture fixture = ProjectFixture.copy(dir)
            .editJson("Dockerrun.aws.json", tree -> container(tree, "server").remove("hostname"));
        assertInvalid(validate(fixture),
            "Dockerrun.aws.json: container 'nginx' field 'links': nginx upstream 'api:5000' (nginx/default.conf) does not resolve");
    }

    @Test
    void missingMemoryIsNamedWithItsContainer() {
        ProjectFixture fixture = ProjectFixture.copy(dir)
            .editJson("Dockerrun.aws.json", tree -> container(tree, "worker").remove("memory"));
        assertInvalid(validate(fixture), "Dockerrun.aws.json: container 'worker' field 'memory'");
    }

    @Test
    void memoryMustBeAboveTheReservation() {
        ProjectFixture fixture = ProjectFixture.copy(dir)
            .editJson("Dockerrun.aws.json", tree -> container(tree, "client").put("memoryReservation", 256));
        assertInvalid(validate(fixture), "container 'client' field 'memory': the hard limit 128 MiB must be above memoryReservation 256 MiB");
    }

    @Test
    void noEssentialContainer() {
        ProjectFixture fixture = ProjectFixture.copy(dir)
            .editJson("Dockerrun.aws.json", tree -> container(tree, "nginx").put("essential", false));
        assertInvalid(validate(fixture), "Dockerrun.aws.json: field 'essential': no container is essential");
    }

    @Test
    void versionWrittenAsAString() {
        ProjectFixture fixture = ProjectFixture.copy(dir)
            .editJson("Dockerrun.aws.json", tree -> tree.put("AWSEBDockerrunVersion", "2"));
        assertInvalid(validate(fixture), "field 'AWSEBDockerrunVersion': must be the number 2, not the string \"2\"");
    }

    @Test
    void linkToAMissingContainer() {
        ProjectFixture fixture = ProjectFixture.copy(dir)
            .editJson("Dockerrun.aws.json", tree -> container(tree, "nginx").withArray("links").add("api"));
        assertInvalid(validate(fixture), "container 'nginx' field 'links': links to 'api', but no container has that name");
    }

    @Test
    void mountPointsAndVolumesFromMustNameRealThings() {
        ProjectFixture fixture = ProjectFixture.copy(dir).editJson("Dockerrun.aws.json", tree -> {
            container(tree, "nginx").withArray("mountPoints").addObject().put("sourceVolume", "conf").put("containerPath", "/etc/nginx");
            container(tree, "worker").withArray("volumesFrom").addObject().put("sourceContainer", "cache");
        });
        assertInvalid(validate(fixture),
            "container 'nginx' field 'mountPoints.sourceVolume': names 'conf'",
            "container 'worker' field 'volumesFrom.sourceContainer': names 'cache'");
    }

    @Test
    void twoContainersOnOneHostPort() {
        ProjectFixture fixture = ProjectFixture.copy(dir).editJson("Dockerrun.aws.json", tree ->
            container(tree, "client").withArray("portMappings").addObject().put("hostPort", 80).put("containerPort", 3000));
        assertInvalid(validate(fixture), "field 'portMappings.hostPort': host port 80 is already mapped by container");
    }

    @Test
    void fargateCpuAndMemoryOutsideTheTable() {
        ProjectFixture fixture = ProjectFixture.copy(dir).editJson("aws/ecs/api.json", tree -> tree.put("memory", "4096"));
        assertInvalid(validate(fixture),
            "aws/ecs/api.json: field 'memory': cpu 256 with memory 4096 is not a Fargate size: with cpu 256 memory must be one of [512, 1024, 2048]");
    }

    @Test
    void theCollectorSidecarCountsInTheTasksMemory() {
        ProjectFixture fixture = ProjectFixture.copy(dir).editJson("aws/ecs/api.json", tree ->
            container(tree, "api").put("memoryReservation", 400));
        assertInvalid(validate(fixture),
            "aws/ecs/api.json: field 'memory': containers reserve 528 MiB (api 400 + otel-collector 128), more than the task's 512 MiB");
    }

    @Test
    void theCollectorSidecarIsPinnedToARelease() {
        ProjectFixture fixture = ProjectFixture.copy(dir).editJson("aws/ecs/worker.json", tree ->
            container(tree, "otel-collector").put("image", "public.ecr.aws/aws-observability/aws-otel-collector:latest"));
        assertInvalid(validate(fixture),
            "aws/ecs/worker.json: container 'otel-collector' field 'image': 'public.ecr.aws/aws-observability/aws-otel-collector:latest' must name a release tag or digest");
    }

    @Test
    void fargateRulesOnNetworkingPortsLinksAndSecrets() {
        ProjectFixture fixture = ProjectFixture.copy(dir).editJson("aws/ecs/api.json", tree -> {
            tree.put("networkMode", "bridge");
            ObjectNode api = container(tree, "api");
            ((ObjectNode) api.withArray("portMappings").get(0)).put("hostPort", 80);
            api.withArray("links").add("worker");
            api.withArray("environment").addObject().put("name", "PGPASSWORD").put("value", "postgres_password");
        });
        assertInvalid(validate(fixture),
            "aws/ecs/api.json: field 'networkMode': Fargate needs \"awsvpc\"",
            "aws/ecs/api.json: container 'api' field 'portMappings.hostPort': with awsvpc networking hostPort must be absent or equal to containerPort 5000, found 80",
            "aws/ecs/api.json: container 'api' field 'links'",
            "aws/ecs/api.json: container 'api' field 'environment': PGPASSWORD is a secret");
    }

    @Test
    void containerPortsBelow1024AreRefusedOnFargateAndForTheNonRootImages() {
        ProjectFixture fixture = ProjectFixture.copy(dir)
            .editJson("aws/ecs/nginx.json", tree ->
                ((ObjectNode) container(tree, "nginx").withArray("portMappings").get(0)).put("containerPort", 80))
            .editJson("Dockerrun.aws.json", tree ->
                ((ObjectNode) container(tree, "nginx").withArray("portMappings").get(0)).put("containerPort", 80));
        assertInvalid(validate(fixture),
            "aws/ecs/nginx.json: container 'nginx' field 'portMappings.containerPort': Fargate does not let a non-root process bind a port below 1024, found 80",
            "Dockerrun.aws.json: container 'nginx' field 'portMappings.containerPort': 'multi-nginx' runs as a non-root user, which cannot bind port 80");
    }

    @Test
    void dockerrunMayMapAPortBelow1024OfAnImageOfItsOwn() {
        ProjectFixture fixture = ProjectFixture.copy(dir).editJson("Dockerrun.aws.json", tree -> {
            ObjectNode exporter = tree.withArray("containerDefinitions").addObject()
                .put("name", "metrics").put("image", "prom/node-exporter").put("essential", false).put("memory", 64);
            exporter.withArray("portMappings").addObject().put("hostPort", 81).put("containerPort", 81);
        });
        CliRun run = validate(fixture);
        assertThat(run.output()).doesNotContain("portMappings.containerPort");
    }

    @Test
    void serviceConnectMustPublishTheNamesNginxUses() {
        ProjectFixture fixture = ProjectFixture.copy(dir)
            .replaceText("aws/ecs/services.json", "\"dnsName\": \"api\"", "\"dnsName\": \"server\"");
        assertInvalid(validate(fixture),
            "aws/ecs/services.json: container 'nginx' field 'serviceConnectConfiguration.services.clientAliases': nginx upstream 'api:5000'");
    }

    @Test
    void composeUpstreamMustBeAServiceName() {
        ProjectFixture fixture = ProjectFixture.copy(dir).replaceText("docker-compose.prod.yml", "  api:\n", "  server:\n")
            .replaceText("docker-compose.prod.yml", "      - api\n", "      - server\n");
        assertInvalid(validate(fixture),
            "docker-compose.prod.yml: container 'nginx' field 'services': nginx upstream 'api:5000' (nginx/default.conf) does not resolve");
    }

    @Test
    void productionComposeMustPullWithLimitsAndKeepSecretsOut() {
        ProjectFixture fixture = ProjectFixture.copy(dir)
            .replaceText("docker-compose.prod.yml", "    image: multidocker/multi-worker\n    mem_limit: 160m\n", "    build: ./worker\n")
            .replaceText("docker-compose.prod.yml", "PGPASSWORD=${PGPASSWORD}\n      - PGPORT=${PGPORT}\n      - PGSSLMODE=${PGSSLMODE}\n      - FIB",
                "PGPASSWORD=postgres_password\n      - PGPORT=${PGPORT}\n      - PGSSLMODE=${PGSSLMODE}\n      - FIB");
        assertInvalid(validate(fixture),
            "docker-compose.prod.yml: container 'worker' field 'build'",
            "docker-compose.prod.yml: container 'worker' field 'mem_limit'",
            "docker-compose.prod.yml: container 'api' field 'environment.PGPASSWORD'");
    }

    @Test
    void imagesMustBeTheOnesCiBuilds() throws Exception {
        ProjectFixture fixture = ProjectFixture.copy(dir);
        Files.writeString(dir.resolve(".travis.yml"), String.join("\n",
            "script:",
            "  - docker build -t $DOCKER_ID/multi-client ./client",
            "  - docker build -t $DOCKER_ID/multi-nginx ./nginx",
            "  - docker build -t $DOCKER_ID/multi-server ./api-server",
            "  - docker build -t \"$DOCKER_ID/multi-worker:$TRAVIS_COMMIT\" ./worker", ""));
        assertThat(validate(fixture).exitCode()).isEqualTo(ExitCode.DEPLOYED);

        fixture.editJson("Dockerrun.aws.json", tree -> container(tree, "server").put("image", "multidocker/multi-api"));
        assertInvalid(validate(fixture),
            "Dockerrun.aws.json: container 'server' field 'image': 'multidocker/multi-api' is not an image CI builds [multi-client, multi-nginx, multi-server, multi-worker]");
    }

    @Test
    void brokenJsonIsAFindingNotACrash() throws Exception {
        ProjectFixture fixture = ProjectFixture.copy(dir);
        Files.writeString(dir.resolve("Dockerrun.aws.json"), "{\"AWSEBDockerrunVersion\": 2,");
        assertInvalid(validate(fixture), "Dockerrun.aws.json: field '(syntax)': not valid JSON");
    }

    @Test
    void jsonResultListsTheFindings() throws Exception {
        ProjectFixture fixture = ProjectFixture.copy(dir)
            .editJson("Dockerrun.aws.json", tree -> container(tree, "worker").remove("memory"));
        CliRun run = CliRun.of("validate", "--json", "--dir", fixture.root().toString());
        JsonNode result = new ObjectMapper().readTree(run.out());
        assertThat(result.path("status").asText()).isEqualTo("invalid");
        assertThat(result.path("exitCode").asInt()).isEqualTo(2);
        JsonNode finding = result.path("findings").get(0);
        assertThat(finding.path("file").asText()).isEqualTo("Dockerrun.aws.json");
        assertThat(finding.path("container").asText()).isEqualTo("worker");
        assertThat(finding.path("field").asText()).isEqualTo("memory");
    }
}
