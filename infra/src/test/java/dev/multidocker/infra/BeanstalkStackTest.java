package dev.multidocker.infra;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
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
        assertThat(environment.path("EnvironmentName").asText()).isEqualTo("MultiDocker-env");
        assertThat(templates.resources(BEANSTALK, "AWS::ElasticBeanstalk::Application").get(0)
            .path("ApplicationName").asText()).isEqualTo("multi-docker");
        assertThat(environment.path("SolutionStackName").path("Ref").asText()).isEqualTo("SolutionStackName");
        String pattern = templates.json(BEANSTALK).path("Parameters").path("SolutionStackName").path("AllowedPattern").asText();
        assertThat("64bit Amazon Linux 2023 v4.5.2 running ECS").matches(pattern);
        assertThat("64bit Amazon Linux 2 v3.9.0 running Multi-container Docker").doesNotMatch(pattern);
        assertThat("64bit Amazon Linux 2023 v4.5.2 running Docker").doesNotMatch(pattern);
    }

    @Test
    void instancesLaunchFromALaunchTemplateWithTheInstanceProfileAndTheAppsGroup() {
        assertThat(options.get("aws:autoscaling:launchconfiguration:DisableIMDSv1")).isEqualTo("true");
        assertThat(options.get("aws:autoscaling:launchconfiguration:IamInstanceProfile")).contains("InstanceProfile");
        assertThat(options.get("aws:autoscaling:launchconfiguration:SecurityGroups")).contains("AppSecurityGroup");
        assertThat(templates.resources(BEANSTALK, "AWS::IAM::InstanceProfile")).hasSize(1);
    }

    @Test
    void theEnvironmentPropertiesAreTheServicesSettingsWithTheDataTiersTls() {
        String env = "aws:elasticbeanstalk:application:environment:";
        assertThat(options.get(env + "PGHOST")).contains("DatabaseB269D8BBEndpointAddress");
        assertThat(options.get(env + "REDIS_HOST")).contains("RedisPrimaryEndPointAddress");
        JsonNode redis = templates.resources(Target.DATA_STACK, "AWS::ElastiCache::ReplicationGroup").get(0);
        assertThat(Boolean.parseBoolean(options.get(env + "REDIS_TLS"))).isEqualTo(redis.path("TransitEncryptionEnabled").asBoolean());
        assertThat(templates.resources(Target.DATA_STACK, "AWS::RDS::DBParameterGroup").get(0)
            .path("Parameters").path("rds.force_ssl").asText()).isEqualTo("1");
        assertThat(options.get(env + "PGSSLMODE")).isEqualTo("require");
        for (String course : List.of("PGUSER", "PGDATABASE", "PGPORT", "REDIS_PORT")) {
            assertThat(options).as(course).containsKey(env + course);
        }
        // Beanstalk gives these to every container alike: each service's OTEL_* settings are its own container's, in
        // Dockerrun.aws.json, and the Fargate sidecar's SCRAPE_TARGET is not this collector's.
        assertThat(options.keySet()).noneMatch(name -> name.startsWith(env + "OTEL_") || name.equals(env + "SCRAPE_TARGET"));
    }

    @Test
    void theInstanceRoleMayPutTracesForTheCollectorContainerAndReadOnlyThePasswordParameters() {
        JsonNode policy = templates.resources(BEANSTALK, "AWS::IAM::Policy").get(0);
        Map<String, List<String>> resourcesByAction = new HashMap<>();
        policy.path("PolicyDocument").path("Statement").forEach(statement -> {
            assertThat(statement.path("Effect").asText()).isEqualTo("Allow");
            JsonNode actions = statement.path("Action");
            (actions.isArray() ? actions : List.of(actions)).forEach(action -> resourcesByAction
                .computeIfAbsent(action.asText(), unused -> new ArrayList<>())
                .add(statement.path("Resource").toString()));
        });
        assertThat(resourcesByAction.keySet()).containsExactlyInAnyOrder("xray:PutTraceSegments", "xray:PutTelemetryRecords",
            "ssm:GetParameter", "ssm:GetParameters");
        assertThat(resourcesByAction.get("xray:PutTraceSegments")).containsExactly("\"*\"");
        List<String> parameters = resourcesByAction.get("ssm:GetParameter");
        assertThat(parameters).hasSize(2);
        assertThat(parameters.get(0)).as(parameters.toString()).contains(":parameter/multi-docker/PGPASSWORD");
        assertThat(parameters.get(1)).as(parameters.toString()).contains(":parameter/multi-docker/REDIS_PASSWORD");
    }

    @Test
    void thePasswordsArriveAsEnvironmentSecretsNeverAsProperties() {
        String secrets = "aws:elasticbeanstalk:application:environmentsecrets:";
        assertThat(options.get(secrets + "PGPASSWORD")).contains(":parameter/multi-docker/PGPASSWORD");
        assertThat(options.get(secrets + "REDIS_PASSWORD")).contains(":parameter/multi-docker/REDIS_PASSWORD");
        assertThat(options).doesNotContainKey("aws:elasticbeanstalk:application:environment:PGPASSWORD");
        assertThat(options).doesNotContainKey("aws:elasticbeanstalk:application:environment:REDIS_PASSWORD");
    }

    @Test
    void everyTaggedResourceCarriesTheAppTag() {
        assertThat(templates.untagged()).isEmpty();
    }
}
