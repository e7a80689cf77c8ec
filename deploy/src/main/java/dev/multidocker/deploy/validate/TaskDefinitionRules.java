package dev.multidocker.deploy.validate;

import com.fasterxml.jackson.databind.JsonNode;
import dev.multidocker.deploy.validate.FileFacts.ImageUse;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** ECS task definitions for Fargate (the RegisterTaskDefinition input shape). */
final class TaskDefinitionRules {
    /** Values that must come from Parameter Store, never written into a task definition. */
    static final Set<String> SECRET_NAMES = Set.of("PGPASSWORD", "REDIS_PASSWORD");

    private TaskDefinitionRules() {
    }

    static FileFacts check(JsonNode root, String file, Findings findings) {
        String family = root.path("family").asText("");
        if (family.isBlank()) {
            findings.error(file, null, "family", "missing: the family names the task definition");
        }
        if (!"awsvpc".equals(root.path("networkMode").asText())) {
            findings.error(file, null, "networkMode", "Fargate needs \"awsvpc\", found " + root.path("networkMode"));
        }
        boolean fargate = false;
        for (JsonNode compatibility : root.path("requiresCompatibilities")) {
            fargate |= "FARGATE".equals(compatibility.asText());
        }
        if (!fargate) {
            findings.error(file, null, "requiresCompatibilities", "must include \"FARGATE\"");
        }
        Integer memory = checkSize(root, file, findings);
        JsonNode containers = root.path("containerDefinitions");
        if (!containers.isArray() || containers.isEmpty()) {
            findings.error(file, null, "containerDefinitions", "must list at least one container");
            return FileFacts.none();
        }
        boolean essential = false;
        int containerMemory = 0;
        List<String> memoryByContainer = new ArrayList<>();
        boolean needsExecutionRole = false;
        List<ImageUse> images = new ArrayList<>();
        Map<Integer, String> hostPorts = new HashMap<>();
        for (JsonNode container : containers) {
            String name = container.path("name").asText("");
            if (name.isEmpty()) {
                findings.error(file, null, "containerDefinitions.name", "every container needs a name");
            }
            essential |= container.path("essential").asBoolean(true);
            // A container counts with its hard limit if it has one, else its reservation: Fargate refuses a task
            // definition whose containers' memory adds up to more than the task's.
            // https://docs.aws.amazon.com/AmazonECS/latest/developerguide/task_definition_parameters.html#container_definition_memory
            int counted = Math.max(container.path("memory").asInt(0), container.path("memoryReservation").asInt(0));
            containerMemory += counted;
            memoryByContainer.add(name + " " + counted);
            if (container.path("image").asText("").isBlank()) {
                findings.error(file, name, "image", "every container needs an image");
            } else {
                images.add(new ImageUse(file, name, container.get("image").asText()));
            }
            if (container.has("links")) {
                findings.error(file, name, "links", "links are not supported with awsvpc networking: containers of a task reach each other on localhost, other services through Service Connect");
            }
            PortMappingRules.check(container, name, file, true, hostPorts, findings);
            checkSecrets(container, name, file, findings);
            HealthCheckRules.checkContainer(container, name, file, findings);
            StoreTlsRules.checkTaskDefinitionContainer(container, name, file, findings);
            needsExecutionRole |= container.path("secrets").size() > 0
                || "awslogs".equals(container.path("logConfiguration").path("logDriver").asText());
            if (!container.has("logConfiguration")) {
                findings.warning(file, name, "logConfiguration", "no log configuration: the container's output is lost on Fargate");
            }
        }
        if (!essential) {
            findings.error(file, null, "essential", "no container is essential: at least one must have \"essential\": true");
        }
        if (memory != null && containerMemory > memory) {
            findings.error(file, null, "memory", "containers reserve " + containerMemory + " MiB ("
                + String.join(" + ", memoryByContainer) + "), more than the task's " + memory + " MiB");
        }
        if (needsExecutionRole && root.path("executionRoleArn").asText("").isBlank()) {
            findings.error(file, null, "executionRoleArn", "secrets and awslogs need an execution role to fetch parameters and write logs");
        }
        return new FileFacts(images, List.of());
    }

    /** The names Service Connect may refer to as portName. */
    static Set<String> portNames(JsonNode root) {
        Set<String> names = new LinkedHashSet<>();
        for (JsonNode container : root.path("containerDefinitions")) {
            for (JsonNode mapping : container.path("portMappings")) {
                if (mapping.hasNonNull("name")) {
                    names.add(mapping.get("name").asText());
                }
            }
        }
        return names;
    }

    private static Integer checkSize(JsonNode root, String file, Findings findings) {
        Integer cpu = fargateNumber(root, "cpu", file, findings);
        Integer memory = fargateNumber(root, "memory", file, findings);
        if (cpu != null && memory != null && !FargateSizes.valid(cpu, memory)) {
            findings.error(file, null, "memory", "cpu " + cpu + " with memory " + memory + " is not a Fargate size: " + FargateSizes.describe(cpu));
        }
        return memory;
    }

    private static Integer fargateNumber(JsonNode root, String field, String file, Findings findings) {
        JsonNode value = root.get(field);
        if (value == null || !value.asText().matches("\\d+")) {
            findings.error(file, null, field, "Fargate needs a task-level " + field + " in units (e.g. \"256\", \"512\"), found " + value);
            return null;
        }
        return Integer.valueOf(value.asText());
    }

    private static void checkSecrets(JsonNode container, String name, String file, Findings findings) {
        for (JsonNode variable : container.path("environment")) {
            if (SECRET_NAMES.contains(variable.path("name").asText())) {
                findings.error(file, name, "environment", variable.path("name").asText()
                    + " is a secret: move it to \"secrets\" with valueFrom a Parameter Store parameter");
            }
        }
        for (JsonNode secret : container.path("secrets")) {
            if (secret.path("name").asText("").isBlank() || secret.path("valueFrom").asText("").isBlank()) {
                findings.error(file, name, "secrets", "every secret needs a name and a valueFrom (Parameter Store name or ARN)");
            }
        }
    }
}
