package dev.multidocker.deploy.validate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.multidocker.deploy.sim.ServiceModels;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The repository's request-shaped files are what AWS's service models accept: each aws/ecs task definition as
 * RegisterTaskDefinition input (template variables filled), each services.json entry as CreateService input,
 * and the Beanstalk option settings as the OptionSettings of CreateEnvironment and UpdateEnvironment.
 */
class RequestFilesMatchServiceModelsTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([A-Za-z_][A-Za-z0-9_]*)}");
    private static final Path ECS = ProjectFixture.REPO.resolve("aws/ecs");
    private static ServiceModels models;

    @BeforeAll
    static void models() {
        models = ServiceModels.installed().orElse(null);
        assumeTrue(models != null, "no botocore service models on this machine (Debian package awscli ships them; .ci/run installs it)");
    }

    /** The file with each ${NAME} filled as the deploy CLI's --var would: an account id, a region, a plain value. */
    private static JsonNode rendered(Path file) throws IOException {
        String text = PLACEHOLDER.matcher(Files.readString(file)).replaceAll(match -> switch (match.group(1)) {
            case "ACCOUNT_ID" -> "123456789012";
            case "AWS_REGION" -> "us-east-1";
            default -> match.group(1).toLowerCase().replace('_', '-');
        });
        return JSON.readTree(text);
    }

    @Test
    void everyTaskDefinitionIsARegisterTaskDefinitionInput() throws IOException {
        List<Path> files;
        try (Stream<Path> list = Files.list(ECS)) {
            files = list.filter(p -> p.toString().endsWith(".json") && !p.endsWith("services.json")).sorted().toList();
        }
        assertThat(files).isNotEmpty();
        List<String> problems = new ArrayList<>();
        for (Path file : files) {
            models.validate("ecs", "RegisterTaskDefinition", rendered(file)).forEach(p -> problems.add(file.getFileName() + ": " + p));
        }
        assertThat(problems).isEmpty();
    }

    @Test
    void everyServicesEntryIsACreateServiceInput() throws IOException {
        JsonNode services = rendered(ECS.resolve("services.json"));
        List<String> problems = new ArrayList<>();
        for (JsonNode service : services.path("services")) {
            ObjectNode input = ((ObjectNode) service).deepCopy().put("cluster", services.path("cluster").asText());
            models.validate("ecs", "CreateService", input).forEach(p -> problems.add(service.path("serviceName").asText() + ": " + p));
        }
        assertThat(services.path("services")).isNotEmpty();
        assertThat(problems).isEmpty();
    }

    @Test
    void theBeanstalkOptionSettingsAreCreateAndUpdateEnvironmentInput() throws IOException {
        JsonNode settings = JSON.readTree(ProjectFixture.REPO.resolve("aws/beanstalk/option-settings.json").toFile());
        ObjectNode create = JSON.createObjectNode().put("ApplicationName", "multi-docker").put("EnvironmentName", "MultiDocker-env")
            .put("SolutionStackName", "64bit Amazon Linux 2023 v4.4.0 running ECS");
        create.set("OptionSettings", settings);
        ObjectNode update = JSON.createObjectNode().put("EnvironmentName", "MultiDocker-env");
        update.set("OptionSettings", settings);

        assertThat(models.validate("elasticbeanstalk", "CreateEnvironment", create)).isEmpty();
        assertThat(models.validate("elasticbeanstalk", "UpdateEnvironment", update)).isEmpty();
    }
}
