package dev.multidocker.deploy.validate;

import com.fasterxml.jackson.databind.JsonNode;
import dev.multidocker.deploy.validate.FileFacts.ImageUse;
import dev.multidocker.deploy.validate.FileFacts.RouterTarget;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Elastic Beanstalk multi-container Dockerrun.aws.json, version 2. */
final class DockerrunRules {
    private DockerrunRules() {
    }

    static FileFacts check(Path path, String file, Findings findings) {
        return JsonFiles.read(path, file, findings).map(root -> check(root, file, findings)).orElse(FileFacts.none());
    }

    private static FileFacts check(JsonNode root, String file, Findings findings) {
        JsonNode version = root.get("AWSEBDockerrunVersion");
        if (version == null) {
            findings.error(file, null, "AWSEBDockerrunVersion", "missing: a multi-container Dockerrun needs the number 2");
        } else if (version.isTextual()) {
            findings.error(file, null, "AWSEBDockerrunVersion", "must be the number 2, not the string \"" + version.asText() + "\"");
        } else if (!version.isIntegralNumber() || version.intValue() != 2) {
            findings.error(file, null, "AWSEBDockerrunVersion", "must be 2 for multi-container environments, found " + version);
        }
        Set<String> volumes = new LinkedHashSet<>();
        root.path("volumes").forEach(v -> volumes.add(v.path("name").asText()));
        JsonNode containers = root.path("containerDefinitions");
        if (!containers.isArray() || containers.isEmpty()) {
            findings.error(file, null, "containerDefinitions", "must list at least one container");
            return FileFacts.none();
        }
        Map<String, JsonNode> byName = new LinkedHashMap<>();
        for (JsonNode container : containers) {
            String name = container.path("name").asText("");
            if (name.isEmpty()) {
                findings.error(file, null, "containerDefinitions.name", "every container needs a name");
            } else if (byName.put(name, container) != null) {
                findings.error(file, name, "name", "two containers are named '" + name + "'");
            }
        }
        if (byName.values().stream().noneMatch(c -> c.path("essential").asBoolean(true))) {
            findings.error(file, null, "essential", "no container is essential: at least one must have \"essential\": true");
        }
        List<ImageUse> images = new ArrayList<>();
        Map<Integer, String> hostPorts = new HashMap<>();
        byName.forEach((name, container) -> {
            checkContainer(container, name, file, byName.keySet(), volumes, findings);
            PortMappingRules.check(container, name, file, false, hostPorts, findings);
            HealthCheckRules.checkContainer(container, name, file, findings);
            StoreTlsRules.checkDockerrunContainer(container, name, file, findings);
            if (container.hasNonNull("image")) {
                images.add(new ImageUse(file, name, container.get("image").asText()));
            }
        });
        return new FileFacts(images, routers(byName, file));
    }

    private static void checkContainer(JsonNode container, String name, String file, Set<String> names,
                                       Set<String> volumes, Findings findings) {
        if (container.path("image").asText("").isBlank()) {
            findings.error(file, name, "image", "every container needs an image");
        }
        Integer memory = JsonFiles.integer(container, "memory", file, name, findings);
        Integer reservation = JsonFiles.integer(container, "memoryReservation", file, name, findings);
        if (memory == null && reservation == null && !container.has("memory") && !container.has("memoryReservation")) {
            findings.error(file, name, "memory", "Elastic Beanstalk needs memory or memoryReservation (MiB) on every container");
        }
        if (memory != null && reservation != null && memory <= reservation) {
            findings.error(file, name, "memory", "the hard limit " + memory + " MiB must be above memoryReservation " + reservation + " MiB");
        }
        for (JsonNode link : container.path("links")) {
            String target = link.asText().split(":")[0];
            if (!names.contains(target)) {
                findings.error(file, name, "links", "links to '" + target + "', but no container has that name " + names);
            }
        }
        for (JsonNode from : container.path("volumesFrom")) {
            String source = from.path("sourceContainer").asText();
            if (!names.contains(source)) {
                findings.error(file, name, "volumesFrom.sourceContainer", "names '" + source + "', but no container has that name " + names);
            }
        }
        for (JsonNode mount : container.path("mountPoints")) {
            String volume = mount.path("sourceVolume").asText();
            if (!volumes.contains(volume)) {
                findings.error(file, name, "mountPoints.sourceVolume", "names '" + volume + "', but volumes declares only " + volumes);
            }
        }
    }

    /** Containers with links can reach each linked container by its name, its link alias and its hostname. */
    private static List<RouterTarget> routers(Map<String, JsonNode> byName, String file) {
        List<RouterTarget> routers = new ArrayList<>();
        byName.forEach((name, container) -> {
            if (!isRouter(name, container)) {
                return;
            }
            Set<String> hosts = new LinkedHashSet<>();
            for (JsonNode link : container.path("links")) {
                String[] parts = link.asText().split(":");
                hosts.add(parts[0]);
                if (parts.length > 1) {
                    hosts.add(parts[1]);
                }
                JsonNode linked = byName.get(parts[0]);
                if (linked != null && linked.hasNonNull("hostname")) {
                    hosts.add(linked.get("hostname").asText());
                }
            }
            routers.add(new RouterTarget(file, name, "links", hosts, Map.of()));
        });
        return routers;
    }

    static boolean isRouter(String name, JsonNode container) {
        return name.equals("nginx") || ImageNames.repository(container.path("image").asText()).equals("multi-nginx");
    }
}
