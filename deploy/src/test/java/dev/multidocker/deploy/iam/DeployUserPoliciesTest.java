package dev.multidocker.deploy.iam;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.multidocker.deploy.CliRun;
import dev.multidocker.deploy.ExitCode;
import dev.multidocker.deploy.sim.AwsSimulator;
import dev.multidocker.deploy.sim.FakeFibApp;
import dev.multidocker.deploy.sim.SimulatedAccount;
import dev.multidocker.deploy.validate.ProjectFixture;
import java.io.IOException;
import java.nio.file.Path;
import java.util.function.Predicate;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A rollout run as a deploy user whose policy lacks a permission the rollout needs fails on AWS's AccessDenied,
 * with nothing deployed. (That the real policies allow every call of a rollout is shown by the Fargate and
 * Beanstalk command tests, which run as those users.)
 */
class DeployUserPoliciesTest {
    private static final Path IAM = ProjectFixture.REPO.resolve("aws/iam");
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    @BeforeAll
    static void credentials() {
        SimulatedAccount.useFakeCredentials();
    }

    @Test
    void withoutEcsTagResourceTheFirstRegistrationOfATaggedTaskDefinitionIsDenied() throws IOException {
        Path policy = policyWithout("fargate-deploy-user.json", s -> s.path("Action").asText().equals("ecs:TagResource"));
        try (AwsSimulator aws = new AwsSimulator().signInAs(policy); FakeFibApp app = new FakeFibApp()) {
            for (String service : new String[] {"api", "client", "worker", "nginx"}) {
                aws.ecs().addService("multi-docker", service, "multi-docker-" + service);
            }
            aws.putParameter("/multi-docker/PGPASSWORD");
            aws.putParameter("/multi-docker/otel-collector-config");
            aws.putParameter("/multi-docker/REDIS_PASSWORD");
            aws.addLoadBalancer("multi-docker", app.hostAndPort());

            CliRun run = CliRun.of("fargate", "--services", IAM.resolveSibling("ecs/services.json").toString(), "--tag", "t1",
                "--var", "ACCOUNT_ID=123456789012", "--var", "PGHOST=db", "--var", "REDIS_HOST=cache", "--region", "us-east-1",
                "--endpoint-url", aws.endpoint().toString(), "--poll-interval", "10ms", "--timeout", "30s");

            assertThat(run.exitCode()).as(run.output()).isEqualTo(ExitCode.FAILED);
            assertThat(run.output()).contains("is not authorized to perform: ecs:TagResource on resource: "
                + "arn:aws:ecs:us-east-1:000000000000:task-definition/multi-docker-api because no identity-based policy allows"
                + " the ecs:TagResource action");
            assertThat(aws.calls("UpdateService")).as("a service was updated after a failed registration").isZero();
            assertThat(aws.ecs().registered("multi-docker-api")).as("a task definition was registered").hasSize(1);
        }
    }

    @Test
    void aBeanstalkUserWithoutUpdateEnvironmentCreatesTheVersionButCannotDeployIt() throws IOException {
        Path policy = policyWithout("beanstalk-deploy-user.json",
            s -> s.path("Action").asText().equals("elasticbeanstalk:UpdateEnvironment"));
        try (AwsSimulator aws = new AwsSimulator().signInAs(policy); FakeFibApp app = new FakeFibApp()) {
            aws.beanstalk().addEnvironment("multi-docker", "MultiDocker-env", "v0", app.hostAndPort());

            CliRun run = CliRun.of("beanstalk", "--application", "multi-docker", "--environment", "MultiDocker-env",
                "--bundle", ProjectFixture.REPO.resolve("Dockerrun.aws.json").toString(), "--version-label", "v1",
                "--region", "us-east-1", "--endpoint-url", aws.endpoint().toString(), "--poll-interval", "10ms", "--timeout", "30s");

            assertThat(run.exitCode()).as(run.output()).isEqualTo(ExitCode.FAILED);
            assertThat(run.output()).contains("is not authorized to perform: elasticbeanstalk:UpdateEnvironment on resource: "
                + "arn:aws:elasticbeanstalk:us-east-1:000000000000:environment/multi-docker/MultiDocker-env");
            assertThat(aws.beanstalk().versionLabel()).isEqualTo("v0");
        }
    }

    /** The project's policy file without the statements {@code dropped} selects, written to the test's directory. */
    private Path policyWithout(String file, Predicate<JsonNode> dropped) throws IOException {
        ObjectNode policy = (ObjectNode) JSON.readTree(IAM.resolve(file).toFile());
        ArrayNode statements = policy.withArray("Statement");
        int before = statements.size();
        for (int i = statements.size() - 1; i >= 0; i--) {
            if (dropped.test(statements.get(i))) {
                statements.remove(i);
            }
        }
        assertThat(statements).as("expected one statement of " + file + " to drop").hasSize(before - 1);
        Path copy = dir.resolve(file);
        JSON.writeValue(copy.toFile(), policy);
        return copy;
    }
}
