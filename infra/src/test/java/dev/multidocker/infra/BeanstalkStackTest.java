package dev.multidocker.infra;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The beanstalk template: the course's environment on AL2023's ECS platform, wired to the data stack. */
class BeanstalkStackTest {
    private static final String BEANSTALK = Target.BEANSTALK.stackName();
    private static Templates templates;
    private static Map<String, String> options;

    @BeforeAll
    static void synthesize() {
        templates = new Templates(Stacks.of(Target.BEANSTALK, SynthFixture.settings(), SynthFixture.outputDirectory()));
        options = new HashMap<>();
        JsonNode environment = templates.resources(BEANSTALK, "AWS::ElasticBeanstalk::Environment").get(0);
        environment.path("OptionSettings").forEach(option -> options.put(
            option.path("Namespace").asText() + ":" + option.path("OptionName").asText(),
            option.path("Value").isTextual() ? option.path("Value").asText() : option.path("Value").toString()));
    }

    @Test
    void theEnvironmentIsTheCoursesOnTheAl2023EcsPlatform() {
        JsonNode environment = templates.resources(BEANSTALK, "AWS::ElasticBeanstalk::Environment").get(0);
        assertEquals("MultiDocker-env", environment.path("EnvironmentName").asText());
        assertEquals("multi-docker", templates.resources(BEANSTALK, "AWS::ElasticBeanstalk::Application").get(0)
            .path("ApplicationName").asText());
        assertEquals("SolutionStackName", environment.path("SolutionStackName").path("Ref").asText());
        String pattern = templates.json(BEANSTALK).path("Parameters").path("SolutionStackName").path("AllowedPattern").asText();
        assertTrue("64bit Amazon Linux 2023 v4.5.2 running ECS".matches(pattern));
        assertFalse("64bit Amazon Linux 2 v3.9.0 running Multi-container Docker".matches(pattern));
        assertFalse("64bit Amazon Linux 2023 v4.5.2 running Docker".matches(pattern));
    }

    @Test
    void instancesLaunchFromALaunchTemplateWithTheInstanceProfileAndTheAppsGroup() {
        assertEquals("true", options.get("aws:autoscaling:launchconfiguration:DisableIMDSv1"));
        assertTrue(options.get("aws:autoscaling:launchconfiguration:IamInstanceProfile").contains("InstanceProfile"));
        assertTrue(options.get("aws:autoscaling:launchconfiguration:SecurityGroups").contains("AppSecurityGroup"));
        assertEquals(1, templates.resources(BEANSTALK, "AWS::IAM::InstanceProfile").size());
    }

    @Test
    void theEnvironmentPropertiesAreTheServicesSettingsWithTheDataTiersTls() {
        String env = "aws:elasticbeanstalk:application:environment:";
        assertTrue(options.get(env + "PGHOST").contains("DatabaseB269D8BBEndpointAddress"), options.get(env + "PGHOST"));
        assertTrue(options.get(env + "REDIS_HOST").contains("RedisPrimaryEndPointAddress"), options.get(env + "REDIS_HOST"));
        JsonNode redis = templates.resources(Target.DATA_STACK, "AWS::ElastiCache::ReplicationGroup").get(0);
        assertEquals(redis.path("TransitEncryptionEnabled").asBoolean(), Boolean.parseBoolean(options.get(env + "REDIS_TLS")));
        assertEquals("1", templates.resources(Target.DATA_STACK, "AWS::RDS::DBParameterGroup").get(0)
            .path("Parameters").path("rds.force_ssl").asText());
        assertEquals("require", options.get(env + "PGSSLMODE"));
        for (String course : List.of("PGUSER", "PGDATABASE", "PGPORT", "REDIS_PORT")) {
            assertTrue(options.containsKey(env + course), course);
        }
        // Beanstalk gives these to every container alike: each service's OTEL_* settings are its own container's, in
        // Dockerrun.aws.json, and the Fargate sidecar's SCRAPE_TARGET is not this collector's.
        assertTrue(options.keySet().stream().noneMatch(name -> name.startsWith(env + "OTEL_") || name.equals(env + "SCRAPE_TARGET")),
            options.keySet().toString());
    }

    @Test
    void theInstanceRoleMayPutTracesForTheCollectorContainerAndReadOnlyThePasswordParameters() {
        JsonNode policy = templates.resources(BEANSTALK, "AWS::IAM::Policy").get(0);
        Map<String, List<String>> resourcesByAction = new HashMap<>();
        policy.path("PolicyDocument").path("Statement").forEach(statement -> {
            assertEquals("Allow", statement.path("Effect").asText());
            JsonNode actions = statement.path("Action");
            (actions.isArray() ? actions : List.of(actions)).forEach(action -> resourcesByAction
                .computeIfAbsent(action.asText(), unused -> new ArrayList<>())
                .add(statement.path("Resource").toString()));
        });
        assertEquals(Set.of("xray:PutTraceSegments", "xray:PutTelemetryRecords", "ssm:GetParameter",
            "ssm:GetParameters"), resourcesByAction.keySet());
        assertEquals(List.of("\"*\""), resourcesByAction.get("xray:PutTraceSegments"));
        List<String> parameters = resourcesByAction.get("ssm:GetParameter");
        assertEquals(2, parameters.size(), parameters.toString());
        assertTrue(parameters.get(0).contains(":parameter/multi-docker/PGPASSWORD"), parameters.toString());
        assertTrue(parameters.get(1).contains(":parameter/multi-docker/REDIS_PASSWORD"), parameters.toString());
    }

    @Test
    void thePasswordsArriveAsEnvironmentSecretsNeverAsProperties() {
        String secrets = "aws:elasticbeanstalk:application:environmentsecrets:";
        assertTrue(options.get(secrets + "PGPASSWORD").contains(":parameter/multi-docker/PGPASSWORD"));
        assertTrue(options.get(secrets + "REDIS_PASSWORD").contains(":parameter/multi-docker/REDIS_PASSWORD"));
        assertFalse(options.containsKey("aws:elasticbeanstalk:application:environment:PGPASSWORD"));
        assertFalse(options.containsKey("aws:elasticbeanstalk:application:environment:REDIS_PASSWORD"));
    }

    @Test
    void everyTaggedResourceCarriesTheAppTag() {
        assertEquals(List.of(), templates.untagged());
    }
}
