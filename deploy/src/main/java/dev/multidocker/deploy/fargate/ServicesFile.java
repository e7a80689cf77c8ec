package dev.multidocker.deploy.fargate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.multidocker.deploy.cli.Stop;
import dev.multidocker.deploy.images.TemplateVariables;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * aws/ecs/services.json: which ECS service runs which task definition family, in which cluster, behind which
 * load balancer. The task definition files sit beside it, one per family.
 */
record ServicesFile(Path file, String cluster, Optional<String> loadBalancerName, List<ServiceSpec> services) {

    /** One ECS service and the task definition file it is deployed from. */
    record ServiceSpec(String serviceName, String family, Path taskDefinitionFile) {
    }

    static ServicesFile read(Path file) {
        ObjectMapper mapper = new ObjectMapper();
        try {
            JsonNode root = mapper.readTree(file.toFile());
            List<Path> taskDefinitions = new ArrayList<>();
            try (var list = Files.list(file.toAbsolutePath().getParent())) {
                list.filter(p -> p.toString().endsWith(".json") && !p.equals(file.toAbsolutePath())).sorted().forEach(taskDefinitions::add);
            }
            List<ServiceSpec> services = new ArrayList<>();
            for (JsonNode service : root.path("services")) {
                String family = service.path("taskDefinition").asText();
                Path definition = null;
                for (Path candidate : taskDefinitions) {
                    if (family.equals(mapper.readTree(candidate.toFile()).path("family").asText())) {
                        definition = candidate;
                    }
                }
                if (definition == null) {
                    throw Stop.invalidInput(file + ": service '" + service.path("serviceName").asText()
                        + "' field 'taskDefinition': no task definition file beside it has family '" + family + "'");
                }
                services.add(new ServiceSpec(service.path("serviceName").asText(), family, definition));
            }
            String loadBalancer = root.path("loadBalancerName").asText("");
            return new ServicesFile(file, root.path("cluster").asText(""), loadBalancer.isEmpty() ? Optional.empty() : Optional.of(loadBalancer), services);
        } catch (IOException e) {
            throw Stop.invalidInput("cannot read " + file + ": " + e.getMessage());
        }
    }

    /** The entry of {@code serviceName} with its placeholders filled: the CreateService input, less cluster and task definition. */
    ObjectNode entry(String serviceName, Map<String, String> variables) {
        try {
            JsonNode root = new ObjectMapper().readTree(TemplateVariables.fill(Files.readString(file), variables,
                file + " (to create service " + serviceName + ")"));
            for (JsonNode service : root.path("services")) {
                if (service.path("serviceName").asText().equals(serviceName)) {
                    return (ObjectNode) service;
                }
            }
            throw Stop.invalidInput(file + ": no service '" + serviceName + "'");
        } catch (IOException e) {
            throw Stop.invalidInput("cannot read " + file + ": " + e.getMessage());
        }
    }
}
