package dev.multidocker.deploy.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.ecs.EcsClient;

/** The model check refuses what AWS refuses: a request with a wrong member or value fails, whatever the simulator says. */
class ServiceModelsTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static ServiceModels models;

    @BeforeAll
    static void models() {
        models = ServiceModels.installed().orElse(null);
        assumeTrue(models != null, "no botocore service models on this machine (Debian package awscli ships them; .ci/run installs it)");
    }

    private static JsonNode json(String text) throws Exception {
        return JSON.readTree(text);
    }

    private static void assertRefused(List<String> problems, String fragment) {
        assertThat(problems).as("expected '" + fragment + "' in " + problems).anyMatch(p -> p.contains(fragment));
    }

    @Test
    void aValidEcsRequestPasses() throws Exception {
        assertThat(models.validate("ecs", "UpdateService",
            json("{\"cluster\":\"multi-docker\",\"service\":\"api\",\"taskDefinition\":\"multi-docker-api:2\",\"desiredCount\":1}"))).isEmpty();
    }

    @Test
    void unknownMemberMissingRequiredMemberBadEnumAndOutOfRangeAreRefused() throws Exception {
        List<String> problems = models.validate("ecs", "RegisterTaskDefinition", json("""
            {"family": "multi-docker-api", "networkMode": "bridged", "containerDefinitions": [
              {"name": "api", "image": "x", "essential": "yes", "restartPolicyX": true,
               "portMappings": [{"containerPort": 5000, "protocol": "sctp"}],
               "healthCheck": {"interval": 15}}]}"""));

        assertRefused(problems, "containerDefinitions[0]: unknown member 'restartPolicyX'");
        assertRefused(problems, "networkMode: 'bridged' is not one of [bridge, host, awsvpc, none]");
        assertRefused(problems, "containerDefinitions[0].essential: must be true or false");
        assertRefused(problems, "portMappings[0].protocol: 'sctp' is not one of");
        assertRefused(problems, "healthCheck: required member 'command' is missing");
    }

    @Test
    void queryParametersAreReadBackIntoTheShape() {
        Map<String, String> valid = Map.of("Action", "CreateEnvironment", "Version", "2010-12-01",
            "ApplicationName", "multi-docker", "EnvironmentName", "MultiDocker-env",
            "OptionSettings.member.1.Namespace", "aws:autoscaling:launchconfiguration",
            "OptionSettings.member.1.OptionName", "DisableIMDSv1", "OptionSettings.member.1.Value", "true");
        assertThat(models.validateQuery("elasticbeanstalk", "CreateEnvironment", valid)).isEmpty();

        Map<String, String> wrong = new HashMap<>(valid);
        wrong.remove("ApplicationName");
        wrong.put("OptionSettings.member.1.Namespaces", "aws:autoscaling:launchconfiguration");
        wrong.put("Tier.Type", "Worker");
        wrong.put("EnvironmentName", "x".repeat(41));
        List<String> problems = models.validateQuery("elasticbeanstalk", "CreateEnvironment", wrong);

        assertRefused(problems, "unknown parameter OptionSettings.member.1.Namespaces");
        assertRefused(problems, "required member 'ApplicationName' is missing");
        assertRefused(problems, "EnvironmentName: 41 characters, more than the maximum 40");
    }

    @Test
    void aRequestTheModelRefusesFailsTheTestEvenWhenTheSimulatorAnswered() {
        AwsSimulator aws = new AwsSimulator();
        aws.ecs().addService("multi-docker", "api", "multi-docker-api");
        try (EcsClient ecs = aws.client(EcsClient.builder())) {
            // The SDK sends an enum value it does not know as it is, and the simulator registers it.
            ecs.registerTaskDefinition(r -> r.family("multi-docker-api").networkMode("bridged")
                .containerDefinitions(c -> c.name("api").image("x")));
        }
        assertThatThrownBy(aws::close).isInstanceOf(AssertionError.class).hasMessageContaining("networkMode: 'bridged' is not one of");
    }
}
