package dev.multidocker.deploy.iam;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.multidocker.deploy.CliRun;
import dev.multidocker.deploy.ExitCode;
import dev.multidocker.deploy.sim.AwsSimulator;
import dev.multidocker.deploy.sim.FakeFibApp;
import dev.multidocker.deploy.sim.SimulatedAccount;
import dev.multidocker.deploy.validate.ProjectFixture;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The deploy users' policies in aws/iam allow every call a rollout makes (as the simulator saw them), and no
 * policy allows every action.
 */
class DeployUserPoliciesTest {
    private static final Path IAM = ProjectFixture.REPO.resolve("aws/iam");
    private static final ObjectMapper JSON = new ObjectMapper();

    @BeforeAll
    static void credentials() {
        SimulatedAccount.useFakeCredentials();
    }

    private static Set<String> allowedActions(String policyFile) throws IOException {
        Set<String> actions = new HashSet<>();
        for (JsonNode statement : JSON.readTree(IAM.resolve(policyFile).toFile()).path("Statement")) {
            JsonNode action = statement.path("Action");
            if (action.isArray()) {
                action.forEach(a -> actions.add(a.asText()));
            } else {
                actions.add(action.asText());
            }
        }
        return actions;
    }

    @Test
    void everyPolicyIsAVersionedDocumentWithoutAllActionsWildcard() throws IOException {
        try (Stream<Path> files = Files.list(IAM)) {
            for (Path file : files.toList()) {
                JsonNode policy = JSON.readTree(file.toFile());
                assertEquals("2012-10-17", policy.path("Version").asText(), file.toString());
                for (JsonNode statement : policy.path("Statement")) {
                    assertEquals("Allow", statement.path("Effect").asText(), file.toString());
                    assertFalse(statement.path("Action").toString().contains("\"*\""), file + " allows every action");
                }
            }
        }
    }

    @Test
    void theFargateDeployUserMayMakeEveryCallOfARollout() throws IOException {
        try (AwsSimulator aws = new AwsSimulator(); FakeFibApp app = new FakeFibApp()) {
            for (String service : new String[] {"api", "client", "worker", "nginx"}) {
                aws.ecs().addService("multi-docker", service, "multi-docker-" + service);
            }
            aws.putParameter("/multi-docker/PGPASSWORD");
            aws.putParameter("/multi-docker/REDIS_PASSWORD");
            aws.addLoadBalancer("multi-docker", app.hostAndPort());
            CliRun run = CliRun.of("fargate", "--services", IAM.resolveSibling("ecs/services.json").toString(), "--tag", "t1",
                "--var", "ACCOUNT_ID=123456789012", "--var", "PGHOST=db", "--var", "REDIS_HOST=cache", "--region", "us-east-1",
                "--endpoint-url", aws.endpoint().toString(), "--poll-interval", "10ms", "--timeout", "30s");
            assertEquals(ExitCode.DEPLOYED, run.exitCode(), run.output());
            Set<String> allowed = allowedActions("fargate-deploy-user.json");
            for (String called : aws.iamActionsCalled()) {
                assertTrue(allowed.contains(called), "fargate-deploy-user.json does not allow " + called);
            }
            assertTrue(allowed.contains("iam:PassRole"), "registering a task definition with roles needs iam:PassRole");
        }
    }

    @Test
    void theBeanstalkDeployUserMayMakeEveryCallOfARollout() throws IOException {
        try (AwsSimulator aws = new AwsSimulator(); FakeFibApp app = new FakeFibApp()) {
            aws.beanstalk().addEnvironment("multi-docker", "MultiDocker-env", "v0", app.hostAndPort());
            CliRun run = CliRun.of("beanstalk", "--application", "multi-docker", "--environment", "MultiDocker-env",
                "--bundle", ProjectFixture.REPO.resolve("Dockerrun.aws.json").toString(), "--version-label", "v1",
                "--region", "us-east-1", "--endpoint-url", aws.endpoint().toString(), "--poll-interval", "10ms", "--timeout", "30s");
            assertEquals(ExitCode.DEPLOYED, run.exitCode(), run.output());
            Set<String> allowed = allowedActions("beanstalk-deploy-user.json");
            for (String called : aws.iamActionsCalled()) {
                assertTrue(allowed.contains(called), "beanstalk-deploy-user.json does not allow " + called);
            }
        }
    }
}
