package dev.multidocker.deploy.beanstalk;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.multidocker.deploy.sim.AwsSimulator;
import dev.multidocker.deploy.validate.ProjectFixture;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.elasticbeanstalk.ElasticBeanstalkClient;
import software.amazon.awssdk.services.elasticbeanstalk.model.ConfigurationOptionSetting;
import software.amazon.awssdk.services.elasticbeanstalk.model.EnvironmentDescription;
import software.amazon.awssdk.services.elasticbeanstalk.model.EventDescription;

/**
 * Creating the course's environment with aws/beanstalk/option-settings.json, as the course pages do, on an account
 * created today: it must get a launch template, since such an account cannot create launch configurations.
 */
class EnvironmentOptionSettingsTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String STACK = "64bit Amazon Linux 2023 v4.4.0 running ECS";

    private AwsSimulator aws;
    private ElasticBeanstalkClient beanstalk;

    @BeforeEach
    void start() {
        aws = new AwsSimulator();
        beanstalk = aws.client(ElasticBeanstalkClient.builder());
    }

    @AfterEach
    void stop() {
        beanstalk.close();
        aws.close();
    }

    static List<ConfigurationOptionSetting> repositoryOptionSettings() throws IOException {
        List<ConfigurationOptionSetting> settings = new ArrayList<>();
        for (JsonNode setting : JSON.readTree(ProjectFixture.REPO.resolve("aws/beanstalk/option-settings.json").toFile())) {
            settings.add(ConfigurationOptionSetting.builder().namespace(setting.path("Namespace").asText())
                .optionName(setting.path("OptionName").asText()).value(setting.path("Value").asText()).build());
        }
        return settings;
    }

    private EnvironmentDescription createAndWait(List<ConfigurationOptionSetting> settings) {
        beanstalk.createEnvironment(r -> r.applicationName("multi-docker").environmentName("MultiDocker-env")
            .solutionStackName(STACK).optionSettings(settings));
        return waitWhile("Launching");
    }

    private EnvironmentDescription waitWhile(String status) {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(10));
        while (Instant.now().isBefore(deadline)) {
            EnvironmentDescription environment = beanstalk.describeEnvironments(r -> r.environmentNames("MultiDocker-env"))
                .environments().get(0);
            if (!status.equals(environment.statusAsString())) {
                return environment;
            }
        }
        throw new AssertionError("the environment was still " + status + " after 10 s");
    }

    private List<String> errorEvents() {
        return beanstalk.describeEvents(r -> r.environmentName("MultiDocker-env")).events().stream()
            .filter(e -> "ERROR".equals(e.severityAsString())).map(EventDescription::message).toList();
    }

    @Test
    void theRepositoryOptionSettingsLaunchTheEnvironmentWithALaunchTemplate() throws IOException {
        EnvironmentDescription environment = createAndWait(repositoryOptionSettings());

        assertThat(environment.statusAsString()).isEqualTo("Ready");
        assertThat(environment.healthAsString()).isEqualTo("Green");
        assertThat(errorEvents()).isEmpty();
    }

    @Test
    void withoutALaunchTemplateOptionANewAccountGetsAutoScalingsLaunchConfigurationError() throws IOException {
        Predicate<ConfigurationOptionSetting> launchTemplateOption = s -> s.optionName().equals("DisableIMDSv1")
            || s.optionName().equals("RootVolumeType");
        List<ConfigurationOptionSetting> settings = repositoryOptionSettings().stream().filter(launchTemplateOption.negate()).toList();

        EnvironmentDescription environment = createAndWait(settings);

        assertThat(environment.healthAsString()).isEqualTo("Grey");
        assertThat(errorEvents()).anyMatch(m -> m.contains(
            "The Launch Configuration creation operation is not available in your account. Use launch templates"));
    }

    @Test
    void anUpdateThatDropsTheLaunchTemplateOptionsFailsTheSameWay() throws IOException {
        createAndWait(repositoryOptionSettings());

        beanstalk.updateEnvironment(r -> r.environmentName("MultiDocker-env").optionSettings(
            ConfigurationOptionSetting.builder().namespace("aws:autoscaling:launchconfiguration").optionName("DisableIMDSv1").value("false").build(),
            ConfigurationOptionSetting.builder().namespace("aws:autoscaling:launchconfiguration").optionName("RootVolumeType").value("gp2").build()));
        waitWhile("Updating");

        assertThat(errorEvents()).anyMatch(m -> m.startsWith("Updating Auto Scaling launch configuration failed")
            && m.contains("The Launch Configuration creation operation is not available in your account"));
    }
}
