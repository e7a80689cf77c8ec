package dev.multidocker.deploy.fargate;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.multidocker.deploy.CliRun;
import dev.multidocker.deploy.ExitCode;
import dev.multidocker.deploy.sim.AwsSimulator;
import dev.multidocker.deploy.sim.EcsSimulation.Rollout;
import dev.multidocker.deploy.sim.FakeFibApp;
import dev.multidocker.deploy.sim.SimulatedAccount;
import dev.multidocker.deploy.validate.ProjectFixture;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The fargate command end to end: real SDK clients through the CLI's entry point against the AWS simulator. */
class FargateCommandTest {
    private static final String CLUSTER = "multi-docker";
    private static final Map<String, String> FAMILIES = Map.of("api", "multi-docker-api", "client", "multi-docker-client",
        "worker", "multi-docker-worker", "nginx", "multi-docker-nginx");
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private AwsSimulator aws;
    private FakeFibApp app;
    private Map<String, String> previous;

    @BeforeAll
    static void credentials() {
        SimulatedAccount.useFakeCredentials();
    }

    @BeforeEach
    void start() {
        aws = new AwsSimulator().signInAs(ProjectFixture.REPO.resolve("aws/iam/fargate-deploy-user.json"));
        app = new FakeFibApp();
        FAMILIES.forEach((service, family) -> aws.ecs().addService(CLUSTER, service, family));
        previous = Map.of("api", aws.ecs().taskDefinitionOf("api"), "nginx", aws.ecs().taskDefinitionOf("nginx"));
        aws.putParameter("/multi-docker/PGPASSWORD");
        aws.putParameter("/multi-docker/otel-collector-config");
        aws.putParameter("/multi-docker/REDIS_PASSWORD");
        aws.addLoadBalancer("multi-docker", app.hostAndPort());
    }

    @AfterEach
    void stop() {
        aws.close();
        app.close();
    }

    private CliRun fargate(Path servicesFile, String timeout, String... extra) {
        List<String> args = new ArrayList<>(List.of("fargate", "--services", servicesFile.toString(), "--tag", "3f2a9c1",
            "--var", "ACCOUNT_ID=123456789012", "--var", "PGHOST=db.internal", "--var", "REDIS_HOST=cache.internal",
            "--region", "us-east-1", "--endpoint-url", aws.endpoint().toString(),
            "--poll-interval", "10ms", "--timeout", timeout, "--smoke-index", "7"));
        args.addAll(List.of(extra));
        return CliRun.of(args.toArray(String[]::new));
    }

    private CliRun fargate(String... extra) {
        return fargate(ProjectFixture.REPO.resolve("aws/ecs/services.json"), "30s", extra);
    }

    private static void assertOutput(CliRun run, String... fragments) {
        for (String fragment : fragments) {
            assertThat(run.output()).contains(fragment);
        }
    }

    @Test
    void happyPathRegistersEveryFieldDeploysAllServicesAndChecksHealthThroughTheLoadBalancer() throws Exception {
        CliRun run = fargate();

        assertThat(run.exitCode()).as(run.output()).isEqualTo(ExitCode.DEPLOYED);
        assertOutput(run, "api: deployment ecs-svc/", "COMPLETED, 1 task(s) running", "all 4 deployment(s) COMPLETED",
            "load balancer multi-docker: " + app.hostAndPort(), "smoke test: index 7 = 21",
            "SUCCEEDED: 4 service(s) deployed and healthy at http://" + app.hostAndPort());
        for (var family : FAMILIES.entrySet()) {
            List<ObjectNode> revisions = aws.ecs().registered(family.getValue());
            assertThat(revisions).as(family.getKey()).hasSize(2);
            assertThat(aws.ecs().taskDefinitionOf(family.getKey())).endsWith(family.getValue() + ":2");
        }
        ObjectNode expected = (ObjectNode) JSON.readTree(Files.readString(ProjectFixture.REPO.resolve("aws/ecs/api.json"))
            .replace("${ACCOUNT_ID}", "123456789012").replace("${AWS_REGION}", "us-east-1")
            .replace("${PGHOST}", "db.internal").replace("${REDIS_HOST}", "cache.internal"));
        ((ObjectNode) expected.withArray("containerDefinitions").get(0)).put("image", "multidocker/multi-server:3f2a9c1");
        // The collector sidecar's pinned public image is registered as the file names it.
        for (JsonNode container : expected.withArray("containerDefinitions")) {
            for (JsonNode secret : container.path("secrets")) {
                ((ObjectNode) secret).put("valueFrom", "arn:aws:ssm:us-east-1:000000000000:parameter" + secret.path("valueFrom").asText());
            }
        }
        assertThat(aws.ecs().registered("multi-docker-api").get(1)).as("a field was changed or dropped on the way to ECS")
            .isEqualTo(expected);
    }

    @Test
    void circuitBreakerRollbackIsAFailureNeverASuccess() {
        aws.ecs().script("api", Rollout.CIRCUIT_BREAKER_ROLLS_BACK);

        CliRun run = fargate();

        assertThat(run.exitCode()).as(run.output()).isEqualTo(ExitCode.FAILED);
        assertOutput(run, "(service api) (deployment ecs-svc/", "deployment failed: tasks failed to start.",
            "FAILED: ECS deployment circuit breaker: tasks failed to start.");
        assertThat(run.output()).doesNotContain("SUCCEEDED");
    }

    @Test
    void withRollbackTheCircuitBreakersOwnRollbackIsFollowedNotRepeated() {
        aws.ecs().script("api", Rollout.CIRCUIT_BREAKER_ROLLS_BACK);

        CliRun run = fargate("--rollback");

        assertThat(run.exitCode()).as(run.output()).isEqualTo(ExitCode.FAILED);
        assertOutput(run, "api: already rolling back to " + previous.get("api"), "rollback COMPLETED");
        assertThat(aws.ecs().taskDefinitionOf("api")).isEqualTo(previous.get("api"));
        assertThat(aws.ecs().taskDefinitionOf("nginx")).isEqualTo(previous.get("nginx"));
    }

    @Test
    void aDeploymentReplacedByTheRollbackBetweenTwoPollsIsAFailure() {
        aws.ecs().script("nginx", Rollout.ROLLED_BACK_BETWEEN_POLLS);

        CliRun run = fargate();

        assertThat(run.exitCode()).as(run.output()).isEqualTo(ExitCode.FAILED);
        assertOutput(run, "nginx: deployment ecs-svc/", "was replaced by deployment", previous.get("nginx"));
    }

    @Test
    void aDeploymentThatNeverFinishesTimesOutAndRollsBackWhenAsked() {
        aws.ecs().script("api", Rollout.NEVER_FINISHES);
        Instant start = Instant.now();

        CliRun run = fargate(ProjectFixture.REPO.resolve("aws/ecs/services.json"), "1s", "--rollback", "--rollback-timeout", "10s");

        assertThat(run.exitCode()).as(run.output()).isEqualTo(ExitCode.TIMED_OUT);
        assertThat(Duration.between(start, Instant.now()).toSeconds()).as("the overall deadline was not kept").isLessThan(10);
        assertOutput(run, "timed out after 1s waiting for deployments", "rolling back to the previous task definitions",
            "rollback COMPLETED");
        assertThat(aws.ecs().taskDefinitionOf("api")).isEqualTo(previous.get("api"));
        assertThat(aws.ecs().taskDefinitionOf("nginx")).isEqualTo(previous.get("nginx"));
    }

    @Test
    void withoutRollbackATimedOutDeploymentIsLeftAlone() {
        aws.ecs().script("api", Rollout.NEVER_FINISHES);

        CliRun run = fargate(ProjectFixture.REPO.resolve("aws/ecs/services.json"), "500ms");

        assertThat(run.exitCode()).as(run.output()).isEqualTo(ExitCode.TIMED_OUT);
        assertThat(aws.ecs().taskDefinitionOf("api")).endsWith("multi-docker-api:2");
    }

    @Test
    void aFailedSmokeTestAfterTheRolloutRollsBack() {
        app.computingWrongValues();

        CliRun run = fargate("--rollback");

        assertThat(run.exitCode()).as(run.output()).isEqualTo(ExitCode.FAILED);
        assertOutput(run, "index 7 computed as 22, expected 21", "rollback COMPLETED");
        assertThat(aws.ecs().taskDefinitionOf("api")).isEqualTo(previous.get("api"));
    }

    @Test
    void throttledCallsAreRetriedBySdk() {
        aws.throttle("RegisterTaskDefinition", 1);
        aws.throttle("DescribeServices", 2);

        CliRun run = fargate();

        assertThat(run.exitCode()).as(run.output()).isEqualTo(ExitCode.DEPLOYED);
        assertThat(aws.calls("RegisterTaskDefinition")).isEqualTo(FAMILIES.size() + 1);
        assertThat(aws.ecs().registered("multi-docker-api").size() + aws.ecs().registered("multi-docker-worker").size()).isEqualTo(4);
    }

    @Test
    void aMissingParameterStopsBeforeAnythingIsRegistered() {
        aws = replaceWithout();

        CliRun run = fargate();

        assertThat(run.exitCode()).as(run.output()).isEqualTo(ExitCode.INVALID_INPUT);
        assertOutput(run, "Parameter Store has no parameter [/multi-docker/REDIS_PASSWORD]");
        assertThat(aws.calls("RegisterTaskDefinition")).isZero();
    }

    private AwsSimulator replaceWithout() {
        aws.close();
        AwsSimulator fresh = new AwsSimulator().signInAs(ProjectFixture.REPO.resolve("aws/iam/fargate-deploy-user.json"));
        FAMILIES.forEach((service, family) -> fresh.ecs().addService(CLUSTER, service, family));
        fresh.putParameter("/multi-docker/PGPASSWORD");
        fresh.putParameter("/multi-docker/otel-collector-config");
        return fresh;
    }

    /** An account where only the one-time setup ran: parameters and load balancer, but no service yet. */
    private AwsSimulator replaceWithNoService() {
        aws.close();
        AwsSimulator fresh = new AwsSimulator();
        fresh.putParameter("/multi-docker/PGPASSWORD");
        fresh.putParameter("/multi-docker/otel-collector-config");
        fresh.putParameter("/multi-docker/REDIS_PASSWORD");
        fresh.addLoadBalancer("multi-docker", app.hostAndPort());
        return fresh;
    }

    private static final String[] NETWORK = {"--var", "SUBNET_A=subnet-0a", "--var", "SUBNET_B=subnet-0b",
        "--var", "SERVICE_SECURITY_GROUP=sg-0c", "--var", "TARGET_GROUP_ID=0123456789abcdef"};

    private CliRun firstRun(String... extra) {
        List<String> args = new ArrayList<>(List.of(NETWORK));
        args.addAll(List.of("--image-registry", "student"));
        args.addAll(List.of(extra));
        return fargate(args.toArray(String[]::new));
    }

    @Test
    void theFirstRunCreatesEachServiceOnTheUsersOwnImages() {
        aws = replaceWithNoService();

        CliRun run = firstRun();

        assertThat(run.exitCode()).as(run.output()).isEqualTo(ExitCode.DEPLOYED);
        assertOutput(run, "services to create: [api, client, worker, nginx]", "api: created in cluster multi-docker",
            "all 4 deployment(s) COMPLETED");
        for (var family : FAMILIES.entrySet()) {
            ObjectNode service = aws.ecs().service(family.getKey());
            assertThat(service.path("taskDefinition").asText()).as(service.toString()).endsWith(family.getValue() + ":1");
            assertThat(service.at("/networkConfiguration/awsvpcConfiguration/subnets").toString()).isEqualTo("[\"subnet-0a\",\"subnet-0b\"]");
            String image = aws.ecs().registered(family.getValue()).get(0).at("/containerDefinitions/0/image").asText();
            assertThat(image).as(family.getKey() + " runs " + image).startsWith("student/multi-").endsWith(":3f2a9c1");
        }
        assertThat(aws.ecs().service("nginx").at("/loadBalancers/0/targetGroupArn").asText())
            .isEqualTo("arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/multi-docker-nginx/0123456789abcdef");
    }

    @Test
    void aFirstRunWithoutTheNetworkValuesStopsBeforeAnythingIsRegistered() {
        aws = replaceWithNoService();

        CliRun run = fargate("--image-registry", "student");

        assertThat(run.exitCode()).as(run.output()).isEqualTo(ExitCode.INVALID_INPUT);
        assertOutput(run, "(to create service api): no value for [${SUBNET_A}, ${SUBNET_B}, ${SERVICE_SECURITY_GROUP}, ${TARGET_GROUP_ID}]");
        assertThat(aws.calls("RegisterTaskDefinition")).isZero();
    }

    @Test
    void aFailedFirstRunRolledBackLeavesTheCreatedServicesWithoutTasks() {
        aws = replaceWithNoService();
        app.computingWrongValues();

        CliRun run = firstRun("--rollback");

        assertThat(run.exitCode()).as(run.output()).isEqualTo(ExitCode.FAILED);
        assertOutput(run, "api: created by this run, scaled to 0 tasks", "rollback COMPLETED");
        for (String service : FAMILIES.keySet()) {
            assertThat(aws.ecs().service(service).path("desiredCount").asInt()).as(service).isZero();
        }
    }

    @Test
    void anInvalidTaskDefinitionIsRejectedWithFileContainerAndField() {
        ProjectFixture fixture = ProjectFixture.copy(dir).editJson("aws/ecs/worker.json", tree ->
            ((ObjectNode) tree.withArray("containerDefinitions").get(0)).withArray("links").add("api"));

        CliRun run = fargate(fixture.root().resolve("aws/ecs/services.json"), "30s");

        assertThat(run.exitCode()).as(run.output()).isEqualTo(ExitCode.INVALID_INPUT);
        assertOutput(run, "worker.json: container 'worker' field 'links'");
        assertThat(aws.calls("RegisterTaskDefinition")).isZero();
    }

    @Test
    void aFieldTheEcsApiDoesNotKnowIsNeverDroppedSilently() {
        ProjectFixture fixture = ProjectFixture.copy(dir).editJson("aws/ecs/client.json", tree ->
            ((ObjectNode) tree.withArray("containerDefinitions").get(0)).put("restartPolicyX", true));

        CliRun run = fargate(fixture.root().resolve("aws/ecs/services.json"), "30s");

        assertThat(run.exitCode()).as(run.output()).isEqualTo(ExitCode.INVALID_INPUT);
        assertOutput(run, "field 'restartPolicyX' at containerDefinitions[0].restartPolicyX is not part of the ECS RegisterTaskDefinition API");
    }

    @Test
    void aPlaceholderWithoutValueIsBadInput() {
        CliRun run = CliRun.of("fargate", "--services", ProjectFixture.REPO.resolve("aws/ecs/services.json").toString(),
            "--tag", "abc", "--region", "us-east-1", "--endpoint-url", aws.endpoint().toString());

        assertThat(run.exitCode()).as(run.output()).isEqualTo(ExitCode.INVALID_INPUT);
        assertOutput(run, "no value for [${ACCOUNT_ID}");
    }

    @Test
    void jsonResultCarriesTheTaskDefinitionsAndDeployments() throws Exception {
        CliRun run = fargate("--json", "--service", "api");

        assertThat(run.exitCode()).as(run.output()).isEqualTo(ExitCode.DEPLOYED);
        JsonNode result = JSON.readTree(run.out());
        assertThat(result.path("status").asText()).isEqualTo("succeeded");
        assertThat(result.path("taskDefinitions").path("api").asText()).isEqualTo(aws.ecs().taskDefinitionOf("api"));
        assertThat(result.path("previousTaskDefinitions").path("api").asText()).isEqualTo(previous.get("api"));
        assertThat(result.path("deployments").path("api").asText()).startsWith("ecs-svc/");
        assertThat(result.path("events").toString()).as(run.out()).contains("has reached a steady state.");
        assertThat(aws.ecs().taskDefinitionOf("nginx")).as("only api was to be deployed").isEqualTo(previous.get("nginx"));
    }
}
